/**
 * When a `run`'s calls stop (a Playwright worker): once the CLI writes the run's stop file, on
 * its first SIGINT/SIGTERM. A call in progress then ends early and properly (its talk is cut
 * short, it hangs up, takes its final snapshot and submits); a call not yet started does not start.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES } from '../../plan/runFiles.ts';

/** how often the stop file is looked for, ms */
const STOP_POLL_MS = 250;

export interface RunStop {
  /** aborts once the stop file exists */
  signal: AbortSignal;
  /** stops looking (the signal stays as it is) */
  dispose: () => void;
}

export function runStopRequested(runDir: string): boolean {
  return existsSync(join(runDir, RUN_FILES.stop));
}

export function runStopSignal(runDir: string): RunStop {
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (runStopRequested(runDir)) controller.abort();
  }, STOP_POLL_MS);
  const dispose = () => clearInterval(poll);
  controller.signal.addEventListener('abort', dispose, { once: true });
  return { signal: controller.signal, dispose };
}
