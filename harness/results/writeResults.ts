/**
 * Writes results.json into a run directory and points reports/latest at the run (node side).
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { CallResult, RunResults, RunStatus } from './resultsTypes.ts';

export const RESULTS_FILE = 'results.json';

export function summarize(calls: CallResult[]): RunResults['summary'] {
  const failed = calls.filter((c) => c.status !== 'passed').length;
  return { calls: calls.length, passed: calls.length - failed, failed };
}

export function runStatus(calls: CallResult[], interrupted: boolean): RunStatus {
  if (interrupted) return 'interrupted';
  return calls.length > 0 && calls.every((c) => c.status === 'passed') ? 'passed' : 'failed';
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
