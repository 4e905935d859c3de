/**
 * Playwright reporter that turns the run's tests into results.json (Playwright's main
 * process). It prints one line per call as calls finish, keeps each finished call on disk in
 * its own directory, and writes the run directory when the run ends — also when it was
 * interrupted, marked as such, with every planned call listed by state.
 *
 * A file it cannot write (a full disk) stops the run: no further call starts, the calls in
 * progress are aborted, what can be written is, and the CLI is told which file failed.
 */
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { liveProgressWanted, progressLine } from './progressLine.ts';
import { REPRO_FILE, reproBundle } from '../../plan/reproBundle.ts';
import { CONSOLE_FILE, consoleText } from '../../results/consoleText.ts';
import type { CallResult, RunResults } from '../../results/resultsTypes.ts';
import { pointLatest, runStatus, summarize, writeResults } from '../../results/writeResults.ts';
import { callDirName, sortByPlan, type PlanOrder } from '../../results/planOrder.ts';
import { readPlan, type RunPlan } from '../../plan/runPlan.ts';
import { CALL_FILES, planOrderOf, plannedCallInfo, RUN_FILES, type PlannedCall } from '../../plan/runFiles.ts';
import { RUNNER_MESSAGES_FD_ENV, sendRunnerMessage } from '../../plan/runnerMessages.ts';
import { formatCallLine } from './formatCallLine.ts';
import { writeRunReports } from '../../report/writeRunReports.ts';
import { evaluateThresholds } from '../../thresholds/evaluateThresholds.ts';
import { WriteFailure, writeFailure, writeFileAtomic } from '../../results/runDirWrites.ts';
import { skippedCall } from '../../results/skippedCall.ts';
import { externalRunFacts } from '../../plan/externalRunFacts.ts';

/** how calls.spec.ts words the skip of a scenario an external business cannot run */
const EXTERNAL_SKIP_PREFIX = 'external business: ';

const CALL_RESULT_ATTACHMENT = 'call-result.json';

export default class ResultsReporter implements Reporter {
  private readonly plan: RunPlan = readPlan();
  private readonly order: PlanOrder = planOrderOf(this.plan);
  private readonly calls: CallResult[] = [];
  private planned: PlannedCall[] = [];
  private readonly startedAtMs = Date.now();
  private readonly live = liveProgressWanted();
  private ticker: ReturnType<typeof setInterval> | undefined;
  /** the first file that could not be written; the run stops at it */
  private failure: WriteFailure | undefined;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.planned = sortByPlan(
      suite.allTests().map((test) => {
        const repetition = this.repetition(test);
        return { scenario: test.title, repetition, dir: callDirName(this.order, test.title, repetition) };
      }),
      this.order,
    );
    this.write(join(this.plan.runDir, RUN_FILES.planned), `${JSON.stringify(this.planned, null, 2)}\n`);
    if (this.live) {
      this.ticker = setInterval(() => this.drawProgress(), 1000);
      this.ticker.unref();
    }
  }

  onTestBegin(test: TestCase): void {
    const dir = callDirName(this.order, test.title, this.repetition(test));
    this.write(join(this.plan.runDir, dir, CALL_FILES.started), `${JSON.stringify({ startedAt: new Date().toISOString() })}\n`);
  }

  /** Redraws the live status line in place (terminal only). */
  private drawProgress(): void {
    process.stdout.write(`\r\u001b[K${progressLine(this.calls, this.planned.length, Date.now() - this.startedAtMs)}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const call = this.callOf(test, result);
    this.calls.push(call);
    this.writeCallDir(call);
    process.stdout.write(`${this.live ? '\r\u001b[K' : ''}${formatCallLine(call, result.duration)}\n`);
    if (this.live) this.drawProgress();
  }

  private repetition(test: TestCase): number {
    return this.plan.options.repetitionOffset + test.repeatEachIndex;
  }

  private plannedInfo(test: TestCase) {
    const repetition = this.repetition(test);
    return plannedCallInfo(this.plan, { scenario: test.title, repetition, dir: callDirName(this.order, test.title, repetition) });
  }

  private callOf(test: TestCase, result: TestResult): CallResult {
    const attachment = result.attachments.find((a) => a.name === CALL_RESULT_ATTACHMENT && a.body);
    const info = this.plannedInfo(test);
    // the spec skips a call that would start after the run was told to stop
    if (result.status === 'skipped') {
      // a scenario an external business cannot run says so (calls.spec.ts skips it with the reason)
      const why = [...test.annotations, ...result.annotations].find((a) => a.type === 'skip' && a.description?.startsWith(EXTERNAL_SKIP_PREFIX))?.description;
      return why ? skippedCall(info, 'not-applicable', why.slice(EXTERNAL_SKIP_PREFIX.length)) : skippedCall(info, 'not-started');
    }
    if (!attachment?.body) {
      // Stopped before it could attach: cut off by a forced stop or a failed write, or died (timeout, crash).
      if (result.status === 'interrupted' || this.failure) return skippedCall(info, 'interrupted');
      const why = result.errors.map((e) => e.message ?? String(e.value)).join('\n') || `test ${result.status}`;
      return {
        scenario: info.scenario,
        callId: '',
        expectedEndCallReason: info.expectedEndCallReason,
        endCallReason: null,
        talkSeconds: info.talkSeconds,
        payload: null,
        submissions: [],
        checks: [{ id: 'call.completed', ok: false, severity: 'error', message: stripAnsi(why) }],
        samples: [],
        status: 'failed',
        repetition: info.repetition,
      };
    }
    const call = JSON.parse(attachment.body.toString('utf8')) as CallResult;
    call.repetition = info.repetition;
    if (result.status !== 'passed' && call.status !== 'skipped') call.status = 'failed';
    return call;
  }

  /**
   * Each call's own directory: its repro bundle, payload and the call in full (from which a
   * forced stop's report is made). Numbered by the call's place in the plan, so shards of a run
   * never collide. `dir` is set only once its files are there.
   */
  private writeCallDir(call: CallResult): void {
    const dir = callDirName(this.order, call.scenario, call.repetition ?? this.order.repetitionOffset);
    const abs = join(this.plan.runDir, dir);
    if (call.state === 'not-started') return;
    if (!this.write(join(abs, REPRO_FILE), `${JSON.stringify(reproBundle(this.plan, call, call.repetition ?? 0), null, 2)}\n`)) return;
    if (call.payload && !this.write(join(abs, 'payload.json'), `${JSON.stringify(call.payload, null, 2)}\n`)) return;
    const logged = consoleText(call);
    if (logged && !this.write(join(abs, CONSOLE_FILE), logged)) return;
    call.dir = dir;
    if (!this.write(join(abs, CALL_FILES.result), JSON.stringify(call))) delete call.dir;
  }

  /** Writes a file of the run; on failure, remembers it, stops the run and returns false. */
  private write(path: string, text: string): boolean {
    if (this.failure) return false;
    try {
      writeFileAtomic(path, text);
      return true;
    } catch (error) {
      this.fail(writeFailure(path, error));
      return false;
    }
  }

  private fail(failure: WriteFailure): void {
    if (this.failure) return;
    this.failure = failure;
    // the CLI says it (once) when it listens; a runner started by hand says it itself
    if (!process.env[RUNNER_MESSAGES_FD_ENV]) process.stderr.write(`callsoak: ${failure.message}: no further call starts\n`);
    sendRunnerMessage({ writeFailure: { path: failure.path, code: failure.code, reason: failure.reason } });
    // Playwright's own interrupt: calls in progress end, no further test starts, onEnd still runs.
    process.kill(process.pid, 'SIGINT');
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.live) process.stdout.write('\r\u001b[K');
    const stopped = existsSync(join(this.plan.runDir, RUN_FILES.stop));
    const interrupted = result.status === 'interrupted' || stopped || this.failure !== undefined;
    // every planned call is listed: the ones Playwright never reported did not start
    const seen = new Set(this.calls.map((c) => `${c.scenario}#${c.repetition}`));
    for (const planned of this.planned) {
      if (!seen.has(`${planned.scenario}#${planned.repetition}`)) this.calls.push(skippedCall(plannedCallInfo(this.plan, planned), 'not-started'));
    }
    const results: RunResults = {
      schemaVersion: 1,
      run: {
        id: this.plan.runId,
        startedAt: this.plan.startedAt,
        finishedAt: new Date().toISOString(),
        seed: this.plan.seed,
        status: runStatus(this.calls, interrupted, this.plan.shard !== undefined),
        browser: { name: this.plan.browser.name, version: this.plan.browser.version },
        harnessVersion: this.plan.harnessVersion,
        ...(this.plan.shard ? { shard: this.plan.shard } : {}),
        ...externalRunFacts(this.plan),
      },
      // plan order, not finishing order: a run lists its calls the same way every time, sharded or not
      calls: sortByPlan(this.calls, this.order),
      summary: summarize(this.calls),
    };
    try {
      writeResults(this.plan.runDir, results);
      const tags = Object.fromEntries(this.plan.scenarios.map((s) => [s.id, s.tags]));
      const thresholds = this.plan.thresholds ? evaluateThresholds(results, this.plan.thresholds, tags) : undefined;
      writeRunReports(this.plan.runDir, results, thresholds ? { thresholds } : {});
      pointLatest(join(process.cwd(), 'reports'), this.plan.runDir);
    } catch (error) {
      if (!(error instanceof WriteFailure)) throw error;
      if (!this.failure) {
        this.failure = error;
        if (!process.env[RUNNER_MESSAGES_FD_ENV]) process.stderr.write(`callsoak: ${error.message}\n`);
        sendRunnerMessage({ writeFailure: { path: error.path, code: error.code, reason: error.reason } });
      }
    }
    return this.failure ? { status: 'failed' } : undefined;
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
