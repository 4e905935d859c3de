/**
 * Playwright reporter that turns the run's tests into results.json (Playwright's main
 * process). It prints one line per call as calls finish, and writes the run directory when
 * the run ends — also when it was interrupted, marked as such.
 */
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { liveProgressWanted, progressLine } from './progressLine.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPRO_FILE, reproBundle } from '../../plan/reproBundle.ts';
import { CONSOLE_FILE, consoleText } from '../../results/consoleText.ts';
import type { CallResult, RunResults } from '../../results/resultsTypes.ts';
import { pointLatest, runStatus, summarize, writeResults } from '../../results/writeResults.ts';
import { callDirName, sortByPlan, type PlanOrder } from '../../results/planOrder.ts';
import { readPlan, type RunPlan } from '../../plan/runPlan.ts';
import { formatCallLine } from './formatCallLine.ts';
import { writeRunReports } from '../../report/writeRunReports.ts';
import { evaluateThresholds } from '../../thresholds/evaluateThresholds.ts';

const CALL_RESULT_ATTACHMENT = 'call-result.json';

export default class ResultsReporter implements Reporter {
  private readonly plan: RunPlan = readPlan();
  private readonly order: PlanOrder = {
    scenarioIds: this.plan.scenarios.map((s) => s.id),
    repeat: this.plan.options.repeat,
    repetitionOffset: this.plan.options.repetitionOffset,
  };
  private readonly calls: CallResult[] = [];
  private readonly startedAtMs = Date.now();
  private total = 0;
  private readonly live = liveProgressWanted();
  private ticker: ReturnType<typeof setInterval> | undefined;

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    if (this.live) {
      this.ticker = setInterval(() => this.drawProgress(), 1000);
      this.ticker.unref();
    }
  }

  /** Redraws the live status line in place (terminal only). */
  private drawProgress(): void {
    process.stdout.write(`\r\u001b[K${progressLine(this.calls, this.total, Date.now() - this.startedAtMs)}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === CALL_RESULT_ATTACHMENT && a.body);
    let call: CallResult;
    if (attachment?.body) {
      call = JSON.parse(attachment.body.toString('utf8')) as CallResult;
    } else {
      // The test died before it could attach (timeout, crash): still one call, failed, with why.
      const scenario = this.plan.scenarios.find((s) => s.id === test.title);
      const why = result.errors.map((e) => e.message ?? String(e.value)).join('\n') || `test ${result.status}`;
      call = {
        scenario: test.title,
        callId: '',
        expectedEndCallReason: scenario?.expectedEndCallReason ?? '',
        endCallReason: null,
        talkSeconds: this.plan.options.talkSeconds ?? scenario?.talkSeconds ?? 10,
        payload: null,
        submissions: [],
        checks: [{ id: 'call.completed', ok: false, severity: 'error', message: stripAnsi(why) }],
        samples: [],
        status: 'failed',
      };
    }
    if (result.status !== 'passed' && result.status !== 'skipped') call.status = 'failed';
    this.writeCallDir(call, test.repeatEachIndex);
    this.calls.push(call);
    process.stdout.write(`${this.live ? '\r\u001b[K' : ''}${formatCallLine(call, result.duration)}\n`);
    if (this.live) this.drawProgress();
  }

  /**
   * Each call's own directory: its repro bundle and payload, for handing one call to a
   * colleague. Numbered by the call's place in the plan, so shards of a run never collide.
   */
  private writeCallDir(call: CallResult, repeatEachIndex: number): void {
    const repetition = this.plan.options.repetitionOffset + repeatEachIndex;
    call.repetition = repetition;
    const dir = callDirName(this.order, call.scenario, repetition);
    const abs = join(this.plan.runDir, dir);
    mkdirSync(abs, { recursive: true });
    writeFileSync(join(abs, REPRO_FILE), `${JSON.stringify(reproBundle(this.plan, call, repetition), null, 2)}\n`);
    if (call.payload) writeFileSync(join(abs, 'payload.json'), `${JSON.stringify(call.payload, null, 2)}\n`);
    const logged = consoleText(call);
    if (logged) writeFileSync(join(abs, CONSOLE_FILE), logged);
    call.dir = dir;
  }

  onEnd(result: FullResult): void {
    if (this.ticker) clearInterval(this.ticker);
    if (this.live) process.stdout.write('\r\u001b[K');
    const interrupted = result.status === 'interrupted';
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
      },
      // plan order, not finishing order: a run lists its calls the same way every time, sharded or not
      calls: sortByPlan(this.calls, this.order),
      summary: summarize(this.calls),
    };
    writeResults(this.plan.runDir, results);
    const tags = Object.fromEntries(this.plan.scenarios.map((s) => [s.id, s.tags]));
    const thresholds = this.plan.thresholds ? evaluateThresholds(results, this.plan.thresholds, tags) : undefined;
    writeRunReports(this.plan.runDir, results, thresholds ? { thresholds } : {});
    pointLatest(join(process.cwd(), 'reports'), this.plan.runDir);
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
