/**
 * Writes results.json into a run directory and points reports/latest at the run (node side).
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CallEntry, RunResults, RunStatus } from './resultsTypes.ts';
import type { SoakResults } from './soakTypes.ts';

export const RESULTS_FILE = 'results.json';

export function summarize(calls: readonly Pick<CallEntry, 'status'>[]): RunResults['summary'] {
  const failed = calls.filter((c) => c.status !== 'passed').length;
  return { calls: calls.length, passed: calls.length - failed, failed };
}

/**
 * @param emptyPasses whether no calls at all is a pass: a shard may be given none (more
 *   shards than calls), where a whole run without calls ran nothing it was asked to; default false
 * @param soak a soak run's section: a failed run-level soak check of severity error fails the
 *   run (a warning does not); default none
 */
export function runStatus(calls: readonly Pick<CallEntry, 'status'>[], interrupted: boolean, emptyPasses = false, soak?: Pick<SoakResults, 'checks'>): RunStatus {
  if (interrupted) return 'interrupted';
  if ((soak?.checks ?? []).some((c) => !c.ok && c.severity !== 'warning')) return 'failed';
  return (calls.length > 0 || emptyPasses) && calls.every((c) => c.status === 'passed') ? 'passed' : 'failed';
}

/** Atomic: a reader never sees half a results.json (write to a temp file, then rename). */
export function writeResults(runDir: string, results: RunResults): string {
  mkdirSync(runDir, { recursive: true });
  const path = join(runDir, RESULTS_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(temp, path);
  return path;
}

/** Points <reportsRoot>/latest at runDir (a relative link when the run lives inside reportsRoot). */
export function pointLatest(reportsRoot: string, runDir: string): void {
  mkdirSync(reportsRoot, { recursive: true });
  const link = join(reportsRoot, 'latest');
  try {
    if (lstatSync(link)) rmSync(link, { recursive: true, force: true });
  } catch {
    // no previous link
  }
  const target = resolve(runDir);
  const rel = relative(dirname(link), target);
  symlinkSync(rel.startsWith('..') ? target : rel, link, 'dir');
}
