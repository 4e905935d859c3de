/**
 * Playwright reporter of a soak (Playwright's main process): watches the resources of the
 * whole process tree while the soak runs, prints one line per call as the slots finish them,
 * and writes the run directory when the soak ends — also when it was stopped, marked
 * interrupted. The calls themselves come from the files the slots write, not from test
 * attachments: a soak's tests last hours and hold many calls each. It reads their summaries,
 * not the full calls, so a long soak with churn costs it little.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { join } from 'node:path';
import { pointLatest, writeResults } from '../../results/writeResults.ts';
import { writeRunReports } from '../../report/writeRunReports.ts';
import { SoakMonitor } from '../../soak/soakMonitor.ts';
import { readSoakCallSummary, soakCallNames } from '../../soak/soakCallFiles.ts';
import { soakRunResults } from '../../soak/soakRunResults.ts';
import { formatCallLine } from './formatCallLine.ts';
import { readPlan, type RunPlan } from '../../plan/runPlan.ts';
import { collectGarbagePeriodically } from './runnerGc.ts';
import { pinWorkerMemory } from '../../soak/soakWorkerMemory.ts';
import { WriteFailure } from '../../results/runDirWrites.ts';
import { RUNNER_MESSAGES_FD_ENV, sendRunnerMessage } from '../../plan/runnerMessages.ts';

/** how often finished calls are looked for and a progress line printed, ms */
const POLL_MS = 5000;
/** a progress line at least this often, ms */
const PROGRESS_MS = 60_000;

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export default class SoakReporter implements Reporter {
  private readonly plan: RunPlan = readPlan();
  // The CLI started Playwright: the tree under it is the whole soak (runner, workers, browsers, Node peers).
  private readonly monitor = new SoakMonitor(this.plan.runDir, this.plan.soak!, process.ppid, this.plan.external?.pid);
  private readonly seen = new Set<string>();
  private failed = 0;
  private lastProgressMs = 0;
  private poll: NodeJS.Timeout | undefined;
  private stopGc: (() => void) | undefined;

  constructor() {
    // before Playwright forks any worker: they inherit this process's execArgv
    pinWorkerMemory();
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(): void {
    // this process's own memory is part of what the monitor judges (see runnerGc.ts)
    this.stopGc = collectGarbagePeriodically();
    this.monitor.start();
    this.poll = setInterval(() => this.printNewCalls(), POLL_MS);
    this.poll.unref();
  }

  /** One line per call finished since the last look, and a progress line now and then. */
  private printNewCalls(): void {
    for (const name of soakCallNames(this.plan.runDir)) {
      if (this.seen.has(name)) continue;
      const call = readSoakCallSummary(this.plan.runDir, name);
      if (!call) continue; // still being written: next time
      this.seen.add(name);
      if (call.status !== 'passed') this.failed++;
      process.stdout.write(`${formatCallLine(call, (call.endedAtMs ?? 0) - (call.startedAtMs ?? 0))}\n`);
    }
    const now = Date.now();
    if (now - this.lastProgressMs >= PROGRESS_MS) {
      this.lastProgressMs = now;
      const soak = this.plan.soak!;
      process.stdout.write(`soak ${clock((now - soak.startedAtMs) / 1000)} of ${clock(soak.durationS)} · ${soak.calls} call slots · ${this.seen.size} calls finished, ${this.failed} failed\n`);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // A soak test only fails when its machinery does (a crashed worker, a timeout): say so.
    for (const error of result.errors) process.stdout.write(`soak: ${test.title}: ${(error.message ?? String(error.value)).split('\n')[0]}\n`);
  }

  async onEnd(_result: FullResult): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.stopGc?.();
    this.printNewCalls();
    const resources = await this.monitor.stop();
    const results = soakRunResults(this.plan, { resources, forced: false, finishedAtMs: Date.now() });
    try {
      writeResults(this.plan.runDir, results);
      writeRunReports(this.plan.runDir, results);
      pointLatest(join(process.cwd(), 'reports'), this.plan.runDir);
    } catch (error) {
      if (!(error instanceof WriteFailure)) throw error;
      if (!process.env[RUNNER_MESSAGES_FD_ENV]) process.stderr.write(`callsoak: ${error.message}\n`);
      sendRunnerMessage({ writeFailure: { path: error.path, code: error.code, reason: error.reason } });
    }
  }
}
