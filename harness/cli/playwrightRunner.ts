/**
 * Starting Playwright Test for `run` and `soak` (the CLI process): in a process group of its
 * own, so a terminal's Ctrl-C reaches only the CLI, which decides what the calls do; with every
 * process of the run marked by RUN_ENV; and with a pipe for the runner's messages to the CLI.
 * Ending it leaves nothing behind: its group, and whatever carries the run's mark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PLAN_ENV } from '../plan/runPlan.ts';
import { parseRunnerMessages, RUNNER_MESSAGES_FD, RUNNER_MESSAGES_FD_ENV, type RunnerMessage } from '../plan/runnerMessages.ts';
import { WriteFailure } from '../results/runDirWrites.ts';
import { RESULTS_FILE, resultsWrittenSince } from '../results/writeResults.ts';
import { displayPath } from '../paths/displayPath.ts';
import { killRunLeftovers, RUN_ENV } from './leftoverProcesses.ts';
import { PACKAGE_ROOT } from './packageFiles.ts';

/** After a forced stop's SIGTERM, how long Playwright gets before it is killed, ms. */
export const FORCE_EXIT_MS = 3_000;

/** After Playwright exits, how long its messages pipe may take to deliver its last lines, ms. */
const MESSAGES_DRAIN_MS = 2_000;

export interface PlaywrightRun {
  child: ChildProcess;
  /** sends `signal` to Playwright's whole process group */
  signalGroup: (signal: NodeJS.Signals) => void;
  /** Playwright's SIGTERM now, SIGKILL after FORCE_EXIT_MS */
  forceStop: () => void;
  /** resolves once Playwright exited and every process of the run is gone; how many leftovers had to be killed */
  finished: Promise<{ code: number | null; leftovers: number; messages: RunnerMessage[] }>;
}

export function startPlaywright(options: { runId: string; planPath: string; args?: string[]; env?: NodeJS.ProcessEnv }): PlaywrightRun {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const child = spawn(process.execPath, [cli, 'test', '-c', join(PACKAGE_ROOT, 'playwright.config.ts'), ...(options.args ?? [])], {
    cwd: process.cwd(),
    env: { ...process.env, ...options.env, [PLAN_ENV]: options.planPath, [RUN_ENV]: options.runId, [RUNNER_MESSAGES_FD_ENV]: String(RUNNER_MESSAGES_FD) },
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    detached: true,
  });
  let messagesText = '';
  const pipe = child.stdio[RUNNER_MESSAGES_FD];
  pipe?.on('data', (chunk: Buffer) => (messagesText += chunk.toString('utf8')));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  const finished = (async () => {
    await new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
    const code = child.exitCode;
    // the pipe closes with the runner; a grandchild that kept it open is not waited for
    await new Promise<void>((done) => {
      if (!pipe || pipe.destroyed) return done();
      const timer = setTimeout(done, MESSAGES_DRAIN_MS);
      pipe.once('close', () => {
        clearTimeout(timer);
        done();
      });
    });
    // Nothing the run started outlives it: Playwright's group, and browsers or Node peers in groups of their own.
    signalGroup('SIGKILL');
    return { code, leftovers: killRunLeftovers(options.runId), messages: parseRunnerMessages(messagesText) };
  })();
  return {
    child,
    signalGroup,
    forceStop: () => {
      signalGroup('SIGTERM');
      setTimeout(() => signalGroup('SIGKILL'), FORCE_EXIT_MS).unref();
    },
    finished,
  };
}

/** What `run` and `soak` say when a file of the run could not be written: which, why, and whether results.json lists the calls. */
export function writeFailureLine(command: string, failure: WriteFailure, runDir: string, startedAtMs: number): string {
  const listed = resultsWrittenSince(runDir, startedAtMs) ? `${displayPath(join(runDir, RESULTS_FILE))} lists the calls that ran` : 'no results.json was written';
  return `callsoak ${command}: ${failure.message}: the ${command === 'soak' ? 'soak' : 'run'} stopped; ${listed}`;
}

/** The first file the runner could not write, if any. */
export function firstWriteFailure(messages: readonly RunnerMessage[]): WriteFailure | undefined {
  const first = messages.find((m) => 'writeFailure' in m);
  return first ? new WriteFailure(first.writeFailure.path, first.writeFailure.code, first.writeFailure.reason) : undefined;
}
