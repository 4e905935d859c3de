/**
 * Finds and ends the processes a run left behind (node side, the CLI; Linux /proc). Playwright
 * starts Chromium in a process group of its own, so killing Playwright's group after a forced
 * stop can orphan browsers. Every process of a run inherits RUN_ENV=<run id> from the CLI's
 * child, so whatever carries it once the run is over is a leftover, whoever its parent is now.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks every process of a run. */
export const RUN_ENV = 'CALLSOAK_RUN_ID';

/** pids of live processes whose environment carries RUN_ENV=runId (this process excluded) */
export function runProcesses(runId: string, procDir = '/proc'): number[] {
  const marker = `${RUN_ENV}=${runId}\0`;
  const pids: number[] = [];
  let names: string[];
  try {
    names = readdirSync(procDir);
  } catch {
    return pids; // no /proc: nothing we can find
  }
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`${procDir}/${name}/environ`, 'latin1').includes(marker)) pids.push(Number(name));
    } catch {
      // ended while we looked, or not ours to read
    }
  }
  return pids;
}

/** SIGKILLs every leftover of the run; returns how many there were. */
export function killRunLeftovers(runId: string): number {
  const pids = runProcesses(runId);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}
