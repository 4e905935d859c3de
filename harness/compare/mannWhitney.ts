/**
 * Mann–Whitney U (Wilcoxon rank-sum) test of two independent samples, two-sided. Pure and
 * deterministic: no resampling, so the same inputs always give the same p-value.
 *
 * Small samples (the usual case: 5–30 calls per scenario) use the exact permutation
 * distribution of the rank sum *conditional on the observed ties*: every way of splitting
 * the pooled midranks into groups of the two sizes is equally likely under the null, and a
 * dynamic program counts them. Call metrics tie a lot (loss 0 %, one attempt, 0 failed
 * checks), and the textbook no-ties tables would be wrong for them; the conditional
 * distribution is exact with or without ties. Above EXACT_MAX_N pooled values the normal
 * approximation with tie and continuity correction is used (its error is negligible there,
 * and the exact count grows as N⁴).
 */
import { errorFunction } from 'simple-statistics';

/** Largest pooled sample size tested exactly (25 vs 25 calls); above it, the normal approximation. */
export const EXACT_MAX_N = 50;

export interface RankTest {
  /** pairs (baseline, current) where current is larger, ties counting ½; 0..n·m */
  u: number;
  /** two-sided p-value, 0..1 */
  pValue: number;
  /** how the p-value was computed */
  method: 'exact' | 'normal';
}

/**
 * Twice the midrank of every value (1-based ranks; tied values share the mean of their
 * ranks), so that all ranks are integers and sums compare exactly.
 */
export function doubledMidranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end]!.v === order[start]!.v) end++;
    // ranks start+1 .. end share their mean (start+1+end)/2; doubled it is an integer
    const doubled = start + 1 + end;
    for (let k = start; k < end; k++) ranks[order[k]!.i] = doubled;
    start = end;
  }
  return ranks;
}

/**
 * Number of ways to pick `m` of the given (integer) ranks with each possible sum:
 * result[s] = count of m-subsets whose ranks add up to s. Counts stay below 2^53 for
 * N ≤ 50 (C(50,25) ≈ 1.3e14), so they are exact integers.
 */
export function subsetSumCounts(ranks: readonly number[], m: number): Float64Array {
  const sorted = [...ranks].sort((a, b) => b - a);
  let maxSum = 0;
  for (let k = 0; k < m; k++) maxSum += sorted[k]!;
  // ways[j * width + s]: j items chosen so far with sum s
  const width = maxSum + 1;
  const ways = new Float64Array((m + 1) * width);
  ways[0] = 1;
  let reach = 0; // largest sum reachable so far, bounds the inner loop
  const N = ranks.length;
  for (let i = 0; i < N; i++) {
    const r = ranks[i]!;
    reach = Math.min(maxSum, reach + r);
    // j items chosen after item i can still grow to m only if j ≥ m − (items left)
    const lowest = Math.max(1, m - (N - 1 - i));
    for (let j = Math.min(i + 1, m); j >= lowest; j--) {
      const from = (j - 1) * width;
      const to = j * width;
      for (let s = reach; s >= r; s--) ways[to + s]! += ways[from + s - r]!;
    }
  }
  return ways.slice(m * width);
}

/** P(Z ≥ z) for a standard normal Z (z ≥ 0). */
export function normalUpperTail(z: number): number {
  return 0.5 * (1 - errorFunction(z / Math.SQRT2));
}

/**
 * Two-sided Mann–Whitney test of `current` against `baseline`.
 * Both samples must be non-empty; NaN/∞ are the caller's job to remove.
 */
export function mannWhitney(baseline: readonly number[], current: readonly number[]): RankTest {
  const n = baseline.length;
  const m = current.length;
  if (n === 0 || m === 0) throw new RangeError('mannWhitney needs at least one value on each side');
  const N = n + m;
  const ranks = doubledMidranks([...baseline, ...current]);
  let currentSum = 0;
  for (let k = n; k < N; k++) currentSum += ranks[k]!;
  // U from the rank sum: W − m(m+1)/2, with W = currentSum / 2
  const u = currentSum / 2 - (m * (m + 1)) / 2;

  if (N > EXACT_MAX_N) return { u, pValue: normalApproximation(ranks, n, m, u), method: 'normal' };

  // Count over the smaller group: fewer items chosen, same two-sided p-value (the other
  // group's sum is the total minus this one, so its distance from its mean is the same).
  const smallIsCurrent = m <= n;
  const k = smallIsCurrent ? m : n;
  const observed = smallIsCurrent ? currentSum : ranks.reduce((a, b) => a + b, 0) - currentSum;
  const mean = k * (N + 1); // doubled ranks average N + 1
  const distance = Math.abs(observed - mean);
  const counts = subsetSumCounts(ranks, k);
  let extreme = 0;
  let total = 0;
  for (let s = 0; s < counts.length; s++) {
    const c = counts[s]!;
    if (c === 0) continue;
    total += c;
    if (Math.abs(s - mean) >= distance) extreme += c;
  }
  return { u, pValue: Math.min(1, extreme / total), method: 'exact' };
}

function normalApproximation(ranks: number[], n: number, m: number, u: number): number {
  const N = n + m;
  const tieCounts = new Map<number, number>();
  for (const r of ranks) tieCounts.set(r, (tieCounts.get(r) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of tieCounts.values()) tieTerm += t ** 3 - t;
  const variance = ((n * m) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (variance <= 0) return 1; // every value tied: nothing to tell apart
  const distance = Math.max(0, Math.abs(u - (n * m) / 2) - 0.5);
  return Math.min(1, 2 * normalUpperTail(distance / Math.sqrt(variance)));
}
