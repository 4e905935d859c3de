/**
 * A soak's finished calls on disk and in results.json: slots write each call in full and
 * summarized; results.json lists every call in full up to 50 calls, and above that the
 * summaries plus the first 50 failed calls in full, so a long soak with churn stays small.
 * Real files in a temporary run directory; the calls are the report fixture's (a clean call,
 * a lossy call failing a contract check, a call that never got media).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJunitXml } from '../../../harness/report/junitXml.ts';
import { renderReportHtml } from '../../../harness/report/html/renderReportHtml.ts';
import { renderMarkdownSummary } from '../../../harness/report/markdownSummary.ts';
import { allMetricValues } from '../../../harness/report/keyMetrics.ts';
import { resultsProblems } from '../../../harness/report/readRunDir.ts';
import { recordFromResults } from '../../../harness/history/historyRecord.ts';
import { isSummarized, SUMMARY_OMITS, type CallEntry, type CallResult, type RunResults } from '../../../harness/results/resultsTypes.ts';
import { FULL_CALLS_MAX, summarizeCall } from '../../../harness/metrics/summarizeCall.ts';
import type { RunPlan } from '../../../harness/plan/runPlan.ts';
import { readSoakCallRecord, readSoakCalls, soakCallName, writeSoakCall } from '../../../harness/soak/soakCallFiles.ts';
import { soakRunResults } from '../../../harness/soak/soakRunResults.ts';
import { evaluateThresholds } from '../../../harness/thresholds/evaluateThresholds.ts';
import { metricValues, METRIC_NAMES } from '../../../harness/metrics/metrics.ts';

const fixture = JSON.parse(readFileSync(new URL('../report/fixtures/results.json', import.meta.url), 'utf8')) as RunResults<CallResult>;
const [clean, lossy, noMedia] = fixture.calls as [CallResult, CallResult, CallResult];

const name = (i: number) => `s001-c${String(i + 1).padStart(4, '0')}`;

/** A run directory whose slot finished `calls`, in order, written as a slot writes them. */
function soakDir(calls: CallResult[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-soak-calls-'));
  calls.forEach((call, i) => writeSoakCall(dir, name(i), { ...call, callId: `call-${i + 1}`, soakSlot: 1, soakCall: i + 1 }));
  return dir;
}

test("a slot's call is named by slot and call number, and names sort in slot, then call order", () => {
  expect(soakCallName(0, 41)).toBe('s001-c0042');
  const written = [[1, 0], [0, 10], [0, 9], [11, 0]].map(([slot, nth]) => soakCallName(slot!, nth!));
  expect(written.sort()).toEqual(['s001-c0010', 's001-c0011', 's002-c0001', 's012-c0001']);
});

const cleanCalls = (n: number) => Array.from({ length: n }, () => clean);

/** results.json of a soak whose run directory is `dir` */
function soakResults(dir: string): RunResults {
  const plan = {
    runId: 'soak-test',
    runDir: dir,
    seed: 1,
    startedAt: '2026-11-25T00:00:00.000Z',
    browser: { name: 'chromium', version: '156' },
    harnessVersion: '0.0.0',
    soak: { durationS: 3600, calls: 10, churnS: 30, cycle: ['hangup-call'], workers: 2, pages: 'shared', startedAtMs: Date.UTC(2026, 10, 25) },
  } as unknown as RunPlan;
  return soakRunResults(plan, { resources: undefined, forced: false, finishedAtMs: Date.UTC(2026, 10, 25, 1) });
}

test(`a soak of up to ${FULL_CALLS_MAX} calls lists every call in full, exactly as its slot wrote it`, () => {
  const dir = soakDir([...cleanCalls(FULL_CALLS_MAX - 1), lossy]);
  try {
    const calls = readSoakCalls(dir);
    expect(calls).toHaveLength(FULL_CALLS_MAX);
    expect(calls.filter(isSummarized)).toEqual([]);
    expect(calls[FULL_CALLS_MAX - 1]).toEqual({ ...lossy, callId: `call-${FULL_CALLS_MAX}`, soakSlot: 1, soakCall: FULL_CALLS_MAX });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`above ${FULL_CALLS_MAX} calls: passed calls are summaries pointing at their record, failed calls stay in full`, () => {
  const dir = soakDir([...cleanCalls(30), lossy, ...cleanCalls(30), noMedia]);
  try {
    const calls = readSoakCalls(dir);
    expect(calls).toHaveLength(62);
    const full = calls.flatMap((c, i) => (isSummarized(c) ? [] : [i]));
    expect(full).toEqual([30, 61]);
    expect(calls[30]).toEqual({ ...lossy, callId: 'call-31', soakSlot: 1, soakCall: 31 });
    const summary = calls[0]!;
    if (!isSummarized(summary)) throw new Error('call 1 should be summarized');
    expect(summary.summarized.record).toBe('soak/calls/s001-c0001.json');
    // the record is the call in full, and the summary was made from it
    const record = JSON.parse(readFileSync(join(dir, summary.summarized.record), 'utf8')) as CallResult;
    expect(record).toEqual({ ...clean, callId: 'call-1', soakSlot: 1, soakCall: 1 });
    expect(summary).toEqual(summarizeCall(record, 'soak/calls/s001-c0001.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(`above ${FULL_CALLS_MAX} failed calls, the first ${FULL_CALLS_MAX} are in full and the rest summarized`, () => {
  const dir = soakDir(Array.from({ length: 70 }, () => lossy));
  try {
    const calls = readSoakCalls(dir);
    expect(calls.map((c) => (isSummarized(c) ? 'summary' : 'full'))).toEqual([...Array<string>(FULL_CALLS_MAX).fill('full'), ...Array<string>(20).fill('summary')]);
    expect(calls.every((c) => c.status === 'failed')).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a summary is the call without its evidence: every metric value from the full call, failed checks only, submissions without bodies', () => {
  const summary = summarizeCall(lossy, 'soak/calls/s002-c0007.json');
  for (const key of SUMMARY_OMITS) expect(summary, key).not.toHaveProperty(key);
  expect(summary.summarized).toEqual({
    record: 'soak/calls/s002-c0007.json',
    metrics: metricValues(lossy),
    passedChecks: lossy.checks.filter((c) => c.ok).length,
  });
  expect(summary.checks).toEqual(lossy.checks.filter((c) => !c.ok));
  expect(summary.checks.map((c) => c.id)).toEqual(['contract.consistent_with_stats.packets_lost']);
  // each attempt keeps its status, response and timing (the 503, then the 200), not the request body
  expect(summary.submissions).toEqual(lossy.submissions.map(({ body: _body, ...rest }) => rest));
  expect(summary.submissions.map((s) => s.status)).toEqual([503, 200]);
  expect(Object.keys(summary.summarized.metrics).length).toBeGreaterThan(10);
  // what a summary keeps of a call is what identifies it and its verdict
  expect(summary).toMatchObject({ scenario: lossy.scenario, callId: lossy.callId, endCallReason: lossy.endCallReason, status: 'failed', startedAtMs: lossy.startedAtMs, endedAtMs: lossy.endedAtMs });
  expect(JSON.stringify(summary).length).toBeLessThan(JSON.stringify(lossy).length / 5);
  // a summary passes the results.json check `callsoak report` applies
  expect(resultsProblems({ ...fixture, calls: [summary] })).toEqual([]);
  expect(resultsProblems({ ...fixture, calls: [{ ...summary, summarized: { record: 7 } }] })).toEqual(['calls[0].summarized must be an object with record (string), metrics (object) and passedChecks (number)']);
});

test('thresholds, metric tables and history records give the same numbers from summaries as from the full calls', () => {
  const summarized: RunResults = { ...fixture, calls: fixture.calls.map((c, i) => summarizeCall(c, `soak/calls/${name(i)}.json`)) };
  expect(allMetricValues(summarized)).toEqual(allMetricValues(fixture));
  const thresholds = Object.fromEntries(METRIC_NAMES.map((metric) => [metric, ['avg<1e9', 'p(95)<1e9', 'max<1e9', 'count>0']]));
  const tags = { 'hangup-call': [], 'packet-loss-10': [], 'ice-blocked': [] };
  expect(evaluateThresholds(summarized, thresholds, tags)).toEqual(evaluateThresholds(fixture, thresholds, tags));
  const context = { recordedAt: new Date(Date.UTC(2026, 10, 25)) };
  expect(recordFromResults(summarized, context)).toEqual(recordFromResults(fixture, context));
});

test('a slot killed between its two files still has its call listed; a record cut mid-write is left out', () => {
  const dir = soakDir([...cleanCalls(55), lossy]);
  try {
    rmSync(join(dir, 'soak', 'summaries', `${name(3)}.json`));
    writeFileSync(join(dir, 'soak', 'summaries', `${name(4)}.json`), '{"scenario":"hangup-c');
    writeFileSync(join(dir, 'soak', 'calls', `${name(5)}.json`), '{"scenario":"hangup-c');
    rmSync(join(dir, 'soak', 'summaries', `${name(5)}.json`));
    const calls = readSoakCalls(dir);
    expect(calls.map((c) => c.callId)).toEqual(Array.from({ length: 56 }, (_, i) => `call-${i + 1}`).filter((id) => id !== 'call-6'));
    expect(calls[3]).toEqual(summarizeCall(readSoakCallRecord(dir, name(3))!, `soak/calls/${name(3)}.json`));
    expect(calls[4]).toEqual(summarizeCall(readSoakCallRecord(dir, name(4))!, `soak/calls/${name(4)}.json`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('results.json, index.html and summary.md grow by a small constant amount per call, not by the call', () => {
  const sizes = (n: number) => {
    const dir = soakDir([lossy, ...cleanCalls(n - 2), noMedia]);
    try {
      const results = soakResults(dir);
      expect(results.calls).toHaveLength(n);
      expect(results.summary).toEqual({ calls: n, passed: n - 2, failed: 2 });
      return {
        results: JSON.stringify(results, null, 2).length,
        html: renderReportHtml(results).length,
        junit: renderJunitXml(results, []).length,
        markdown: renderMarkdownSummary(results).length,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const small = sizes(60);
  const big = sizes(660);
  const perCall = (key: keyof typeof small) => (big[key] - small[key]) / 600;
  const fullCall = JSON.stringify(clean, null, 2).length;
  // a passed call costs results.json its summary (~1.5 kB), not the full call (~23 kB pretty-printed here, ~100 kB for a 30-s soak call)
  expect(perCall('results')).toBeLessThan(2000);
  expect(perCall('results')).toBeLessThan(fullCall / 10);
  // the report shows passed calls only in the per-scenario rows; JUnit keeps a testcase per call, as CI expects
  expect(perCall('html')).toBeLessThan(10);
  expect(perCall('junit')).toBeLessThan(300);
  // summary.md: the same rows, only the counts change
  expect(Math.abs(big.markdown - small.markdown)).toBeLessThan(50);
});

test(`the HTML report of a soak above ${FULL_CALLS_MAX} calls: a row per scenario, the failed calls, sections only for calls in full`, () => {
  // call 6 passed, but its submission was accepted 9 s after it ended: the run's slowest
  const slow = { ...clean, submissions: clean.submissions.map((s) => ({ ...s, receivedAtMs: clean.endedAtMs! + 9000 })) };
  const dir = soakDir([...cleanCalls(5), slow, ...cleanCalls(24), lossy, ...cleanCalls(30), noMedia]);
  try {
    const results = soakResults(dir);
    const html = renderReportHtml(results);
    expect(html).toContain('<h2>Calls by scenario</h2>');
    const groupRows = [...html.matchAll(/<tr class="(?:bad)?"><td class="nowrap">([^<]+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => m.slice(1));
    expect(groupRows).toEqual([
      ['hangup-call', '60', '60', '0'],
      ['packet-loss-10', '1', '0', '1'],
      ['ice-blocked', '1', '0', '1'],
    ]);
    expect(html).toContain('<h2>Failed calls (2 of 62)</h2>');
    expect(html).toContain('60 of the 62 calls are summarized in results.json (the passed ones)');
    // a failed call links to its section; the worst list may link a summarized call to its record
    expect(html).toContain('<a href="#call-31">packet-loss-10</a>');
    expect(html).toContain('<a href="#call-62">ice-blocked</a>');
    const worst = /<section id="worst">.*?<\/section>/s.exec(html)![0];
    // the worst values link to a failed call's section, and to a summarized call's record file
    expect([...worst.matchAll(/<li>(.*?): <strong>.*?href="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['highest mean jitter', '#call-31'],
      ['highest loss', '#call-31'],
      ['longest RTT', '#call-31'],
      ['longest jitter-buffer delay', '#call-31'],
      ['most concealment', '#call-31'],
      ['slowest accepted submission', 'soak/calls/s001-c0006.json'],
    ]);
    expect([...html.matchAll(/<details class="call" id="(call-\d+)"/g)].map((m) => m[1])).toEqual(['call-31', 'call-62']);
    const data = JSON.parse(/<script type="application\/json" id="callsoak-data">(.*?)<\/script>/s.exec(html)![1]!) as { calls: { index: number }[] };
    expect(data.calls.map((c) => c.index)).toEqual([30, 61]);
    // the counts card adds a summary's passed checks to the checks it lists
    const checks = results.calls.reduce((n, c: CallEntry) => n + c.checks.length + (isSummarized(c) ? c.summarized.passedChecks : 0), 0);
    expect(checks).toBe(60 * clean.checks.length + lossy.checks.length + noMedia.checks.length);
    expect(html).toContain(`<div class="n">4 / ${checks}</div>`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
