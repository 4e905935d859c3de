/**
 * How far `current` moved from `baseline`, with a confidence interval: the Hodges–Lehmann
 * estimate (median of all n·m pairwise differences current − baseline) and the
 * distribution-free interval that inverts the Mann–Whitney test (Moses): the k-th smallest
 * and k-th largest pairwise difference, k from the null distribution of U. Pure and
 * deterministic (no bootstrap, so no seed and no run-to-run wobble in the report).
 *
 * The interval is exact for continuous data; with tied values its coverage is at least
 * nominal up to the ties' granularity. It is the interval that matches the test, which a
 * bootstrap of medians on 10 calls is not.
 */
import { medianSorted, probit } from 'simple-statistics';
import { EXACT_MAX_N, subsetSumCounts } from './mannWhitney.ts';

export interface ShiftEstimate {
  /** median of pairwise differences current − baseline, in the metric's unit */
  shift: number;
  /** confidence interval of the shift, same unit; null when the samples are too small for it */
  ci: [number, number] | null;
  /** coverage the interval actually has (discrete statistics cannot hit 0.95 exactly), 0..1; null with ci */
  coverage: number | null;
}

/**
 * Largest k ≥ 1 with P(U ≤ k − 1) ≤ (1 − confidence)/2 for sizes n, m without ties, and the
 * coverage 1 − 2·P(U ≤ k − 1) it gives; k = 0 when no interval of that confidence exists.
 */
export function mosesRank(n: number, m: number, confidence: number): { k: number; coverage: number } {
  // depends on the sizes only, and a comparison asks for the same few sizes hundreds of times
  const key = `${n},${m},${confidence}`;
  let known = rankCache.get(key);
  if (!known) rankCache.set(key, (known = computeMosesRank(n, m, confidence)));
  return known;
}

const rankCache = new Map<string, { k: number; coverage: number }>();

function computeMosesRank(n: number, m: number, confidence: number): { k: number; coverage: number } {
  const N = n + m;
  const tail = (1 - confidence) / 2;
  if (N > EXACT_MAX_N) {
    const z = probit(1 - tail);
    const k = Math.floor((n * m) / 2 - z * Math.sqrt((n * m * (N + 1)) / 12));
    return k >= 1 ? { k, coverage: confidence } : { k: 0, coverage: 0 };
  }
  // doubled ranks 2, 4, …, 2N: the no-ties distribution of the current group's rank sum
  const ranks = Array.from({ length: N }, (_, i) => 2 * (i + 1));
  const counts = subsetSumCounts(ranks, m);
  let total = 0;
  for (const c of counts) total += c;
  // U = T/2 − m(m+1)/2, so U = u at doubled sum T = 2u + m(m+1)
  const offset = m * (m + 1);
  let cumulative = 0; // P(U ≤ k − 1) while scanning k upward
  let k = 0;
  let atK = 0;
  for (let candidate = 1; candidate <= Math.floor((n * m) / 2) + 1; candidate++) {
    cumulative += (counts[2 * (candidate - 1) + offset] ?? 0) / total;
    if (cumulative > tail) break;
    k = candidate;
    atK = cumulative;
  }
  return k >= 1 ? { k, coverage: 1 - 2 * atK } : { k: 0, coverage: 0 };
}

/** Hodges–Lehmann shift of `current` against `baseline` with its `confidence` interval (default 0.95). */
export function hodgesLehmann(baseline: readonly number[], current: readonly number[], confidence = 0.95): ShiftEstimate {
  const n = baseline.length;
  const m = current.length;
  if (n === 0 || m === 0) throw new RangeError('hodgesLehmann needs at least one value on each side');
  const diffs = new Float64Array(n * m);
  let i = 0;
  for (const c of current) for (const b of baseline) diffs[i++] = c - b;
  diffs.sort();
  const sorted = Array.from(diffs);
  const shift = medianSorted(sorted);
  const { k, coverage } = mosesRank(n, m, confidence);
  if (k < 1 || k > sorted.length - k + 1) return { shift, ci: null, coverage: null };
  return { shift, ci: [sorted[k - 1]!, sorted[sorted.length - k]!], coverage };
}
