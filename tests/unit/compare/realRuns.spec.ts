/**
 * The comparison on metrics of real calls (fixtures/README.md: five runs of 8 calls on a
 * busy shared machine, where load swings between runs are large). Clean runs against clean
 * runs flag nothing; 20 ms of extra jitter on the business downlink is flagged as a jitter
 * regression, and nothing is flagged that the impairment does not move.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { compareRuns } from '../../../harness/compare/compareRuns.ts';
import type { Comparison } from '../../../harness/compare/compareTypes.ts';
import { parseRecord, type HistoryRun } from '../../../harness/history/historyRecord.ts';
import { poolRuns } from '../../../harness/history/poolRuns.ts';
import { seeded } from './support/syntheticRuns.ts';

const load = (name: string): HistoryRun => {
  const url = new URL(`./fixtures/${name}.json`, import.meta.url);
  return parseRecord(readFileSync(url, 'utf8'), name);
};
const clean = ['real-clean-1', 'real-clean-2', 'real-clean-3'].map(load);
const jittery = ['real-jitter-1', 'real-jitter-2'].map(load);
const flagged = (c: Comparison) => c.rows.filter((r) => r.verdict !== 'unchanged' && r.verdict !== 'insufficient').map((r) => `${r.verdict} ${r.metric}`);

test('real clean runs against each other: nothing flagged, in either order; the two jittery runs against each other: nothing', () => {
  for (const a of clean) for (const b of clean) if (a !== b) expect({ pair: `${a.id} → ${b.id}`, flags: flagged(compareRuns(a, b)) }).toEqual({ pair: `${a.id} → ${b.id}`, flags: [] });
  expect(flagged(compareRuns(jittery[0]!, jittery[1]!))).toEqual([]);
});

test('20 ms extra jitter on the business downlink against the three clean runs pooled: a jitter regression, nothing unrelated', () => {
  const baseline = poolRuns(clean);
  expect(baseline.calls).toHaveLength(24);
  for (const run of jittery) {
    const c = compareRuns(baseline, run);
    const flags = flagged(c);
    expect(flags).toContain('regression audio.jitter_ms');
    // what the impairment physically moves: the jitter (and its max), and the RTT, whose RTCP reports cross the jittered leg
    expect(flags.filter((f) => !['regression audio.jitter_ms', 'regression audio.jitter_max_ms', 'regression audio.rtt_ms'].includes(f))).toEqual([]);
    const jitter = c.rows.find((r) => r.metric === 'audio.jitter_ms')!;
    expect(jitter.effect.ci95![0]).toBeGreaterThan(2); // at least the metric's minimum, with 95 % confidence
  }
});

test('real clean calls resampled: 200 random splits of the 24 calls into 8 vs 8 flag a regression in at most 5 %', () => {
  const calls = clean.flatMap((r) => r.calls);
  const rand = seeded(123);
  let regressions = 0;
  let anyFlag = 0;
  const trials = 200;
  for (let t = 0; t < trials; t++) {
    const order = calls.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const side = (from: number) => ({ ...clean[0]!, calls: order.slice(from, from + 8).map((i) => calls[i]!) });
    const c = compareRuns(side(0), side(8));
    if (c.regression) regressions++;
    if (flagged(c).length > 0) anyFlag++;
  }
  console.log(`real clean calls, ${trials} random 8-vs-8 splits: a regression in ${regressions} (${((regressions / trials) * 100).toFixed(1)} %), any flag in ${anyFlag}`);
  expect(regressions / trials).toBeLessThanOrEqual(0.05 + 2 * Math.sqrt((0.05 * 0.95) / trials));
});
