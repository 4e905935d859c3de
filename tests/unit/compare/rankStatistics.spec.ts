/**
 * The statistics under `callsoak compare`, checked against independent oracles: brute-force
 * enumeration of every split, simple-statistics' rank sum, published critical values, and
 * seeded simulation of coverage and error rates.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { wilcoxonRankSum } from 'simple-statistics';
import { adjustPValues } from '../../../harness/compare/adjustPValues.ts';
import { hodgesLehmann, mosesRank } from '../../../harness/compare/hodgesLehmann.ts';
import { doubledMidranks, mannWhitney } from '../../../harness/compare/mannWhitney.ts';
import { normal, seeded } from './support/syntheticRuns.ts';

/** Two-sided p by listing every way to split the pooled values (the definition of the exact test). */
function bruteForceP(baseline: number[], current: number[]): number {
  const pooled = [...baseline, ...current];
  const ranks = doubledMidranks(pooled);
  const N = pooled.length;
  const m = current.length;
  const mean = m * (N + 1);
  const observed = Math.abs(ranks.slice(baseline.length).reduce((a, b) => a + b, 0) - mean);
  let extreme = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << N; mask++) {
    let bits = 0;
    let sum = 0;
    for (let i = 0; i < N; i++) if (mask & (1 << i)) (bits++, (sum += ranks[i]!));
    if (bits !== m) continue;
    total++;
    if (Math.abs(sum - mean) >= observed) extreme++;
  }
  return extreme / total;
}

const smallTiedSample = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 });

test('the exact p-value equals the brute-force permutation p-value, ties included', () => {
  fc.assert(
    fc.property(smallTiedSample, smallTiedSample, (baseline, current) => {
      expect(mannWhitney(baseline, current).pValue).toBeCloseTo(bruteForceP(baseline, current), 12);
    }),
    { numRuns: 300, seed: 7 },
  );
});

test('U agrees with the rank sum simple-statistics computes', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 30 }), (b, c) => {
      const w = wilcoxonRankSum(c, b); // rank sum of the first sample in the pooled ranking
      expect(mannWhitney(b, c).u).toBeCloseTo(w - (c.length * (c.length + 1)) / 2, 9);
    }),
    { numRuns: 200, seed: 11 },
  );
});

test('textbook cases: complete separation of 5 vs 5 gives p = 2/252; identical samples give p = 1', () => {
  expect(mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])).toEqual({ u: 25, pValue: 2 / 252, method: 'exact' });
  expect(mannWhitney([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).pValue).toBe(2 / 252);
  expect(mannWhitney([3, 1, 2, 5, 4], [1, 2, 3, 4, 5]).pValue).toBe(1);
  expect(mannWhitney([0, 0, 0, 0, 0], [0, 0, 0, 0, 0]).pValue).toBe(1);
});

test('above 50 calls the normal approximation holds its level: about 5 % of null tests reject at 0.05', () => {
  const rand = seeded(2024);
  let rejected = 0;
  const trials = 400;
  for (let t = 0; t < trials; t++) {
    const b = Array.from({ length: 30 }, () => Math.round(normal(rand, 18, 3)));
    const c = Array.from({ length: 30 }, () => Math.round(normal(rand, 18, 3)));
    const r = mannWhitney(b, c);
    expect(r.method).toBe('normal');
    if (r.pValue <= 0.05) rejected++;
  }
  // binomial(400, 0.05): mean 20, sd 4.4; a broken variance or tie correction lands far outside
  expect(rejected).toBeGreaterThanOrEqual(8);
  expect(rejected).toBeLessThanOrEqual(32);
});

test('the interval rank matches published Mann–Whitney critical values (two-sided 0.05)', () => {
  // critical U: n=m=5 → 2, n=m=8 → 13, n=m=10 → 23, n=5,m=10 → 8; the interval uses the (U+1)-th difference
  expect(mosesRank(5, 5, 0.95).k).toBe(3);
  expect(mosesRank(8, 8, 0.95).k).toBe(14);
  expect(mosesRank(10, 10, 0.95).k).toBe(24);
  expect(mosesRank(5, 10, 0.95).k).toBe(9);
  expect(mosesRank(3, 3, 0.95).k).toBe(0); // 3 vs 3 cannot reach 95 %
  expect(mosesRank(10, 10, 0.95).coverage).toBeGreaterThanOrEqual(0.95);
});

test('jitter 18 ± 3 ms vs 38 ± 4 ms over 10 calls: always detected, and the 95 % interval holds the true 20 ms shift about 95 % of the time', () => {
  const rand = seeded(99);
  const trials = 300;
  let covered = 0;
  let detected = 0;
  for (let t = 0; t < trials; t++) {
    const b = Array.from({ length: 10 }, () => normal(rand, 18, 3));
    const c = Array.from({ length: 10 }, () => normal(rand, 38, 4));
    const { shift, ci } = hodgesLehmann(b, c);
    if (ci && ci[0] <= 20 && 20 <= ci[1]) covered++;
    if (mannWhitney(b, c).pValue < 0.001) detected++;
    expect(shift).toBeGreaterThan(10);
  }
  console.log(`CI coverage of the true shift: ${covered}/${trials}; detected at p < 0.001: ${detected}/${trials}`);
  // nominal 0.957 for a pure shift; the spreads differ here (3 vs 4 ms), which costs a little.
  // 0.93 is 2 binomial standard deviations (0.012 each) below nominal.
  expect(covered / trials).toBeGreaterThanOrEqual(0.93);
  expect(detected).toBe(trials);
});

test('the Hodges–Lehmann shift of a sample against itself moved by d is d', () => {
  const base = [12.1, 15.3, 18.0, 18.2, 19.9, 21.4, 24.0];
  expect(hodgesLehmann(base, base.map((v) => v + 7.5)).shift).toBeCloseTo(7.5, 12);
  expect(hodgesLehmann(base, base).shift).toBe(0);
});

test('Benjamini–Hochberg and Holm match hand-computed adjustments', () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  // BH: sorted 0.005 0.01 0.03 0.04 → ×4/1, ×4/2, ×4/3, ×4/4 = 0.02 0.02 0.04 0.04
  const bh = adjustPValues(p, 'bh');
  [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(bh[i]).toBeCloseTo(v, 12));
  // Holm: 0.005×4=0.02, 0.01×3=0.03, 0.03×2=0.06, 0.04×1 → max(0.06, 0.04)=0.06
  const holm = adjustPValues(p, 'holm');
  [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(holm[i]).toBeCloseTo(v, 12));
  expect(adjustPValues(p, 'none')).toEqual(p);
});

test('BH keeps the false discovery rate at alpha with 90 unmoved and 10 moved metrics', () => {
  const rand = seeded(5);
  const trials = 100;
  const proportions: number[] = [];
  let found = 0;
  for (let t = 0; t < trials; t++) {
    const p: number[] = [];
    for (let k = 0; k < 100; k++) {
      const moved = k < 10;
      const b = Array.from({ length: 10 }, () => normal(rand, 0, 1));
      const c = Array.from({ length: 10 }, () => normal(rand, moved ? 2 : 0, 1));
      p.push(mannWhitney(b, c).pValue);
    }
    const q = adjustPValues(p, 'bh');
    const rejected = q.map((v, k) => ({ v, k })).filter((r) => r.v <= 0.05);
    const falses = rejected.filter((r) => r.k >= 10).length;
    proportions.push(rejected.length ? falses / rejected.length : 0);
    found += rejected.length - falses;
  }
  const fdr = proportions.reduce((a, b) => a + b, 0) / trials;
  const se = Math.sqrt(proportions.reduce((a, b) => a + (b - fdr) ** 2, 0) / (trials - 1) / trials);
  console.log(`BH: false discovery rate ${fdr.toFixed(3)} ± ${se.toFixed(3)} (nominal 0.9 × 0.05 = 0.045), true shifts found ${found}/${trials * 10}`);
  // BH guarantees FDR ≤ (unmoved share) × alpha = 0.045; more than 2 standard errors above is a broken adjustment
  expect(fdr - 2 * se).toBeLessThanOrEqual(0.045);
  expect(found / (trials * 10)).toBeGreaterThan(0.5); // not by rejecting nothing
});
