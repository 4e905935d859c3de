/**
 * Thresholds evaluated against the report fixture run (a clean call, a call with 10 % loss,
 * a call that never got media): the measured values, the verdicts, the exact messages a
 * user reads, and the exit code a run gets from them.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { EXIT, UsageError } from '../../../harness/exit/exitCodes.ts';
import type { RunResults } from '../../../harness/results/resultsTypes.ts';
import { evaluateThresholds } from '../../../harness/thresholds/evaluateThresholds.ts';
import { metricValues } from '../../../harness/metrics/metrics.ts';
import { runExitCode } from '../../../harness/thresholds/runExitCode.ts';

const results = JSON.parse(readFileSync(new URL('../report/fixtures/results.json', import.meta.url), 'utf8')) as RunResults;
const TAGS = { 'hangup-call': ['smoke', 'end-reasons'], 'packet-loss-10': ['impairment'], 'ice-blocked': ['impairment', 'end-reasons'] };

const messages = (thresholds: Record<string, string[]>) => evaluateThresholds(results, thresholds, TAGS).map((r) => r.message);

test('per-call metric values of the fixture, checked by hand against its stats', () => {
  const [clean, lossy, noMedia] = results.calls.map(metricValues);
  // mean of the ten 1-s jitter samples: (2+3+1+2+1+2+3+2+2+3)/10 ms
  expect(clean!['audio.jitter_ms']).toBeCloseTo(2.1, 9);
  // final inbound-rtp: 34 lost, 473 received → 34/507
  expect(lossy!['audio.loss_pct']).toBeCloseTo((34 / 507) * 100, 9);
  expect(lossy!['audio.packets_lost']).toBe(34);
  // 26715.6 s of buffer delay over 486720 emitted samples
  expect(lossy!['audio.jitter_buffer_delay_ms']).toBeCloseTo((26715.6 / 486720) * 1000, 9);
  // the relay dropped 34 of the 507 + 507 packets that entered it on the two uplinks
  expect(lossy!['relay.dropped_pct']).toBeCloseTo((34 / 1014) * 100, 9);
  // accepted 1320 ms after the call ended, on the second attempt
  expect(lossy!['submission.latency_ms']).toBe(1320);
  expect(lossy!['submission.attempts']).toBe(2);
  // the call that never got media has counts of zero and no audio quality values at all
  expect(noMedia).toEqual({ 'audio.packets_received': 0, 'audio.playout_s': 0, 'submission.attempts': 0, 'call.duration_s': 8.9, 'checks.failed': 3 });
});

test('the thresholds from the issue: p(95) of jitter, loss filtered to one scenario, max submission latency', () => {
  const evaluated = evaluateThresholds(results, { 'audio.jitter_ms': ['p(95)<30'], 'audio.loss_pct{scenario:packet-loss-10}': ['avg<1'], 'submission.latency_ms': ['max<2000', 'max<1000'] }, TAGS);
  expect(evaluated).toEqual([
    // p(95) of [2.1, 8.1] by linear interpolation: 2.1 + 0.95 × 6
    { metric: 'audio.jitter_ms', filter: '', expression: 'p(95)<30', measured: expect.closeTo(7.8, 9), unit: 'ms', calls: 2, ok: true, message: 'audio.jitter_ms p(95)<30 passed: p(95) = 7.8 ms over 2 calls' },
    {
      metric: 'audio.loss_pct',
      filter: '{scenario:packet-loss-10}',
      expression: 'avg<1',
      measured: expect.closeTo(6.706, 3),
      unit: '%',
      calls: 1,
      ok: false,
      message: 'audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call',
    },
    { metric: 'submission.latency_ms', filter: '', expression: 'max<2000', measured: 1320, unit: 'ms', calls: 2, ok: true, message: 'submission.latency_ms max<2000 passed: max = 1320 ms over 2 calls' },
    { metric: 'submission.latency_ms', filter: '', expression: 'max<1000', measured: 1320, unit: 'ms', calls: 2, ok: false, message: 'submission.latency_ms max<1000 breached: max = 1320 ms over 2 calls' },
  ]);
});

test('tag filters select by the scenario tags; calls without a value are left out of the statistic', () => {
  expect(messages({ 'audio.rtt_ms{tag:impairment}': ['max<300'], 'checks.failed{tag:end-reasons}': ['max==0'] })).toEqual([
    'audio.rtt_ms{tag:impairment} max<300 passed: max = 2.14 ms over 1 call',
    'checks.failed{tag:end-reasons} max==0 breached: max = 3 over 2 calls',
  ]);
});

test('nothing to measure is a breach, with the reason: no call matched, or no selected call has a value', () => {
  expect(messages({ 'audio.rtt_ms{scenario:ice-blocked}': ['max<300'], 'audio.jitter_ms{scenario:nope}': ['avg<5'], 'audio.loss_pct{tag:impairment,scenario:hangup-call}': ['avg<1'] })).toEqual([
    'audio.rtt_ms{scenario:ice-blocked} max<300 breached: nothing to measure (the one selected call has no value)',
    'audio.jitter_ms{scenario:nope} avg<5 breached: nothing to measure (no call matched {scenario:nope})',
    'audio.loss_pct{scenario:hangup-call,tag:impairment} avg<1 breached: nothing to measure (no call matched {scenario:hangup-call,tag:impairment})',
  ]);
  const none = { ...results, calls: [] };
  expect(evaluateThresholds(none, { 'audio.jitter_ms': ['avg<5'] }, {})[0]!.message).toBe('audio.jitter_ms avg<5 breached: nothing to measure (the run has no calls)');
});

test('count counts calls with a value, and is 0 (not a breach by itself) when there are none', () => {
  expect(messages({ 'audio.rtt_ms': ['count>=3', 'count>=2'], 'audio.rtt_ms{scenario:ice-blocked}': ['count==0'] })).toEqual([
    'audio.rtt_ms count>=3 breached: count = 2 over 2 calls',
    'audio.rtt_ms count>=2 passed: count = 2 over 2 calls',
    'audio.rtt_ms{scenario:ice-blocked} count==0 passed: count = 0 over 0 calls',
  ]);
});

test('min, med and avg over all three calls, each in the metric\'s unit', () => {
  expect(messages({ 'audio.packets_received': ['min>0'], 'checks.failed': ['med<=1'], 'call.duration_s': ['avg<20'] })).toEqual([
    'audio.packets_received min>0 breached: min = 0 over 3 calls',
    'checks.failed med<=1 passed: med = 1 over 3 calls',
    'call.duration_s avg<20 passed: avg = 11.63 s over 3 calls',
  ]);
});

test('invalid thresholds throw one usage error (exit 2) listing every problem', () => {
  let caught: unknown;
  try {
    evaluateThresholds(results, { 'audio.jiter_ms': ['avg<1'], 'audio.loss_pct': ['avg<'] }, TAGS);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  expect((caught as UsageError).code).toBe(EXIT.usage);
  expect((caught as UsageError).message.split('\n')).toEqual([
    'invalid thresholds:',
    expect.stringMatching(/^ {2}thresholds\["audio\.jiter_ms"\]: unknown metric 'audio\.jiter_ms' \(did you mean 'audio\.jitter_ms'\?\)/),
    "  thresholds[\"audio.loss_pct\"][0]: 'avg<': expected a number after '<'",
  ]);
});

test('exit codes: 130 interrupted, 1 a check failed (over a breached threshold), 3 breached, 0 all kept', () => {
  const breached = evaluateThresholds(results, { 'audio.loss_pct': ['max<1'] }, TAGS);
  const kept = evaluateThresholds(results, { 'audio.loss_pct': ['max<10'] }, TAGS);
  const passingCalls = results.calls.map((c) => ({ ...c, status: 'passed' as const }));
  const passedRun = { ...results, run: { ...results.run, status: 'passed' as const }, calls: passingCalls };
  expect(runExitCode(results)).toBe(EXIT.checkFailed);
  expect(runExitCode(results, breached)).toBe(EXIT.checkFailed);
  expect(runExitCode({ ...results, run: { ...results.run, status: 'interrupted' } }, breached)).toBe(EXIT.interrupted);
  expect(runExitCode(passedRun, breached)).toBe(EXIT.thresholdBreached);
  expect(runExitCode(passedRun, kept)).toBe(EXIT.ok);
  expect(runExitCode(passedRun)).toBe(EXIT.ok);
  // a result written before `status` existed: its failed error check decides
  const { status: _status, ...withoutStatus } = results.calls[1]!;
  expect(runExitCode({ ...passedRun, calls: [withoutStatus] })).toBe(EXIT.checkFailed);
  expect([EXIT.ok, EXIT.checkFailed, EXIT.usage, EXIT.thresholdBreached, EXIT.interrupted]).toEqual([0, 1, 2, 3, 130]);
});
