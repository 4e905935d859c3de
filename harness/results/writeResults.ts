/**
 * Writes results.json into a run directory and points reports/latest at the run (node side).
 * Both throw a WriteFailure naming the path when the disk refuses.
 */
import { lstatSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { makeDirectory, writeFailure, writeFileAtomic } from './runDirWrites.ts';
import type { CallEntry, RunResults, RunStatus } from './resultsTypes.ts';
import type { SoakResults } from './soakTypes.ts';
import { callNotApplicable } from './callStatus.ts';

export const RESULTS_FILE = 'results.json';

/**
 * Counts the calls by verdict; `skipped` (no verdict: not started, or cut off) and
 * `notApplicable` (skipped with the reason: an external business cannot run the scenario) only
 * when there are any.
 */
export function summarize(calls: readonly Pick<CallEntry, 'status' | 'state'>[]): RunResults['summary'] {
  const passed = calls.filter((c) => c.status === 'passed').length;
  const inapplicable = calls.filter(callNotApplicable).length;
  const skipped = calls.filter((c) => c.status === 'skipped').length - inapplicable;
  return { calls: calls.length, passed, failed: calls.length - passed - skipped - inapplicable, ...(skipped > 0 ? { skipped } : {}), ...(inapplicable > 0 ? { notApplicable: inapplicable } : {}) };
}

/**
 * @param emptyPasses whether no calls at all is a pass: a shard may be given none (more
 *   shards than calls), where a whole run without calls ran nothing it was asked to; default false
 * @param soak a soak run's section: a failed run-level soak check of severity error fails the
 *   run (a warning does not); default none
 */
export function runStatus(calls: readonly Pick<CallEntry, 'status' | 'state'>[], interrupted: boolean, emptyPasses = false, soak?: Pick<SoakResults, 'checks'>): RunStatus {
  if (interrupted) return 'interrupted';
  if ((soak?.checks ?? []).some((c) => !c.ok && c.severity !== 'warning')) return 'failed';
  // a scenario that does not apply is neither a pass nor a failure, but a run where none applied ran nothing
  const ran = calls.filter((c) => !callNotApplicable(c));
  return (ran.length > 0 || emptyPasses) && ran.every((c) => c.status === 'passed') ? 'passed' : 'failed';
}

/** Whole or not at all: a reader never sees half a results.json. */
export function writeResults(runDir: string, results: RunResults): string {
  const path = join(runDir, RESULTS_FILE);
  writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

/** Whether `runDir` holds a results.json written by a run that began at `sinceMs` (Unix ms) or later. */
export function resultsWrittenSince(runDir: string, sinceMs: number): boolean {
  try {
    const results = JSON.parse(readFileSync(join(runDir, RESULTS_FILE), 'utf8')) as RunResults;
    return Date.parse(results.run.finishedAt) >= sinceMs;
  } catch {
    return false; // none, or not one whole
  }
}

/** Points <reportsRoot>/latest at runDir (a relative link when the run lives inside reportsRoot). */
export function pointLatest(reportsRoot: string, runDir: string): void {
  makeDirectory(reportsRoot);
  const link = join(reportsRoot, 'latest');
  try {
    if (lstatSync(link)) rmSync(link, { recursive: true, force: true });
  } catch {
    // no previous link
  }
  const target = resolve(runDir);
  const rel = relative(dirname(link), target);
  try {
    symlinkSync(rel.startsWith('..') ? target : rel, link, 'dir');
  } catch (error) {
    throw writeFailure(link, error);
  }
}
