/**
 * Checks, before the first call, that a run directory can be created and written (the CLI
 * process): a path that is a file, lies on a read-only or virtual file system, or cannot be
 * created is a usage error naming the path and the reason, never a stack trace or a hang.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory, writeFileAtomic, WriteFailure } from '../results/runDirWrites.ts';

/** the probe file written and removed again; a run directory never keeps it */
const PROBE_FILE = '.callsoak-write-check';

/** Creates `runDir` and writes a file in it; the problem in words, or undefined when it can be used. */
export function runDirProblem(option: string, runDir: string, shown: string): string | undefined {
  try {
    makeDirectory(runDir);
  } catch (error) {
    if (!(error instanceof WriteFailure)) throw error;
    return `${option} ${shown}: cannot create the directory: ${error.path === runDir ? '' : `${error.path}: `}${error.code} (${error.reason})`;
  }
  const probe = join(runDir, PROBE_FILE);
  try {
    writeFileAtomic(probe, 'callsoak checks that it can write here\n');
    rmSync(probe, { force: true });
  } catch (error) {
    if (!(error instanceof WriteFailure)) throw error;
    return `${option} ${shown}: cannot write in the directory: ${error.code} (${error.reason})`;
  }
  return undefined;
}

/**
 * Writes `<run dir>/plan.json`, which Playwright's processes read; its path, or undefined when
 * it could not be written (said on `log`, naming the file and the error: no call was started).
 */
export function writePlanFile(command: string, plan: { runDir: string }, log: (line: string) => void): string | undefined {
  const path = join(plan.runDir, 'plan.json');
  try {
    writeFileAtomic(path, `${JSON.stringify(plan, null, 2)}\n`);
    return path;
  } catch (error) {
    if (!(error instanceof WriteFailure)) throw error;
    log(`callsoak ${command}: ${error.message}; no call was started`);
    return undefined;
  }
}
