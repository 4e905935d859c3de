/**
 * compareRuns on synthetic runs shaped like real ones: it flags what moved (and only that),
 * in the right direction, ignores shifts too small to matter, refuses to test too few
 * calls, and does not cry wolf when nothing moved.
 */
import { test, expect } from '@playwright/test';
import { compareRuns } from '../../../harness/compare/compareRuns.ts';
import type { Comparison } from '../../../harness/compare/compareTypes.ts';
import { METRIC_NAMES } from '../../../harness/metrics/metrics.ts';
import { runOfValues, seeded, syntheticRun } from './support/syntheticRuns.ts';

const flagged = (c: Comparison) => c.rows.filter((r) => r.verdict !== 'unchanged' && r.verdict !== 'insufficient').map((r) => `${r.verdict} ${r.scenario} ${r.metric}`);

test('jitter 18 ± 3 ms → 38 ± 4 ms over 10 calls is a regression of jitter and nothing else', () => {
  const rand = seeded(1);
  const baseline = syntheticRun(rand, { id: 'base', jitterMs: { mean: 18, sd: 3 } });
  const current = syntheticRun(rand, { id: 'cur', jitterMs: { mean: 38, sd: 4 } });
  const c = compareRuns(baseline, current);
  // the jitter max follows the jitter in the model (as in real calls); every other metric is drawn unchanged
  expect(flagged(c)).toEqual(['regression hangup-call audio.jitter_ms', 'regression hangup-call audio.jitter_max_ms']);
  expect(c.regression).toBe(true);
  const jitter = c.rows.find((r) => r.metric === 'audio.jitter_ms')!;
  expect(jitter.baseline.n).toBe(10);
  expect(jitter.current.n).toBe(10);
  expect(jitter.effect.shift).toBeGreaterThan(14);
  expect(jitter.effect.shift).toBeLessThan(26);
  expect(jitter.effect.ci95![0]).toBeLessThan(jitter.effect.shift!);
  expect(jitter.effect.ci95![1]).toBeGreaterThan(jitter.effect.shift!);
  expect(jitter.effect.superiority).toBe(1);
  expect(jitter.qValue).toBeLessThan(0.01);
  expect(jitter.reason).toMatch(/^adjusted p .* ≤ 0\.05, shift \+[\d.]+ ms ≥ [\d.]+ ms, higher is worse$/);
  expect(c.rows.map((r) => r.metric)).toEqual(METRIC_NAMES); // every metric, in the list's order
});

test('20 ms of extra jitter on realistic clean calls: found in ≥ 95 of 100 seeded trials; an unmoved metric flagged in ≤ alpha of them', () => {
  const trials = 100;
  const measure = (adjust: 'holm' | 'bh') => {
    let detected = 0;
    let crying = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const rand = seeded(seed);
      const c = compareRuns(syntheticRun(rand, { calls: 10 }), syntheticRun(rand, { calls: 10, extraJitterMs: 20 }), { adjust });
      if (c.rows.some((r) => r.metric === 'audio.jitter_ms' && r.verdict === 'regression')) detected++;
      if (flagged(c).some((f) => !/ audio\.jitter(_max)?_ms$/.test(f))) crying++;
    }
    return { detected, crying };
  };
  const holm = measure('holm');
  const bh = measure('bh');
  console.log(`extra jitter, 10 vs 10 calls, ${trials} trials: holm found ${holm.detected}, flagged an unmoved metric in ${holm.crying}; bh found ${bh.detected}, unmoved flagged in ${bh.crying}`);
  expect(holm.detected).toBeGreaterThanOrEqual(95);
  // Holm: P(any unmoved metric flagged) ≤ 0.05 → binomial(100, 0.05) stays ≤ 10 with 99 % probability
  expect(holm.crying).toBeLessThanOrEqual(10);
});

test('direction: fewer packets received is a regression, more is an improvement, lower jitter is an improvement', () => {
  const low = [200, 201, 202, 203, 204, 205];
  const high = [250, 251, 252, 253, 254, 255];
  expect(compareRuns(runOfValues('a', 'audio.packets_received', high), runOfValues('b', 'audio.packets_received', low)).rows[0]!.verdict).toBe('regression');
  expect(compareRuns(runOfValues('a', 'audio.packets_received', low), runOfValues('b', 'audio.packets_received', high)).rows[0]!.verdict).toBe('improvement');
  const c = compareRuns(runOfValues('a', 'audio.jitter_ms', [30, 31, 32, 33, 34, 35]), runOfValues('b', 'audio.jitter_ms', [10, 11, 12, 13, 14, 15]));
  expect(c.rows[0]!.verdict).toBe('improvement');
  expect(c.regression).toBe(false);
});

test("a change in the relay's drops (the test condition) is reported as changed, never as a regression", () => {
  const c = compareRuns(runOfValues('a', 'relay.dropped_pct', [0, 0, 0, 0, 0, 0]), runOfValues('b', 'relay.dropped_pct', [5, 5.2, 4.9, 5.1, 5, 5.3]));
  expect(c.rows[0]).toMatchObject({ verdict: 'changed', worse: 'neither' });
  expect(c.regression).toBe(false);
});

test('a significant shift smaller than the metric minimum is unchanged, and says why', () => {
  // 40 calls each, jitter 18.0 vs 18.6 ms with little spread: p is tiny, but 0.6 ms is below the 2 ms minimum
  const rand = seeded(3);
  const b = Array.from({ length: 40 }, () => 18 + rand() * 0.3);
  const c = Array.from({ length: 40 }, () => 18.6 + rand() * 0.3);
  const row = compareRuns(runOfValues('a', 'audio.jitter_ms', b), runOfValues('b', 'audio.jitter_ms', c)).rows[0]!;
  expect(row.pValue).toBeLessThan(1e-6);
  expect(row.verdict).toBe('unchanged');
  expect(row.reason).toMatch(/^significant \(adjusted p .*\) but the shift \+0\.6\d* ms is below the 2 ms worth reporting$/);
  // and the relative minimum: 10 % of a 300 ms set-up is 30 ms, but the metric's own 100 ms minimum rules
  const setup = compareRuns(runOfValues('a', 'call.setup_ms', [300, 301, 302, 303, 304, 305]), runOfValues('b', 'call.setup_ms', [360, 361, 362, 363, 364, 365])).rows[0]!;
  expect(setup.verdict).toBe('unchanged');
});

test('fewer than minCalls values on a side is insufficient: not tested, no p-value', () => {
  const c = compareRuns(runOfValues('a', 'audio.jitter_ms', [1, 2, 3, 4, 5]), runOfValues('b', 'audio.jitter_ms', [40, 41, 42, 43]));
  expect(c.rows[0]).toMatchObject({ verdict: 'insufficient', pValue: null, qValue: null, reason: '5 vs 4 calls with a value; at least 5 per side are needed to test' });
  expect(c.regression).toBe(false);
  // with minCalls 3 it is tested, but 3 vs 3 calls cannot reach p ≤ 0.05 even when fully separated
  expect(compareRuns(runOfValues('a', 'audio.jitter_ms', [1, 2, 3]), runOfValues('b', 'audio.jitter_ms', [40, 41, 42]), { minCalls: 3 }).rows[0]).toMatchObject({
    verdict: 'unchanged',
    pValue: 0.1,
    reason: 'adjusted p 0.10 > 0.05: within call-to-call variation',
  });
});

test('scenarios in only one run are listed, not compared', () => {
  const rand = seeded(4);
  const c = compareRuns(syntheticRun(rand, { scenarios: ['a', 'b'] }), syntheticRun(rand, { scenarios: ['b', 'c'] }));
  expect(c.onlyInBaseline).toEqual(['a']);
  expect(c.onlyInCurrent).toEqual(['c']);
  expect(new Set(c.rows.map((r) => r.scenario))).toEqual(new Set(['b']));
});

test('the same two runs always give the same comparison (no unseeded randomness)', () => {
  const make = () => {
    const rand = seeded(8);
    return compareRuns(syntheticRun(rand), syntheticRun(rand, { extraJitterMs: 5 }));
  };
  expect(make()).toEqual(make());
});

test('bad options are refused with every problem named', () => {
  const run = syntheticRun(seeded(1));
  expect(() => compareRuns(run, run, { alpha: 5, minCalls: 1 })).toThrow('compareRuns: alpha must be between 0 and 1 (exclusive), got 5; minCalls must be an integer ≥ 2, got 1');
});
