/**
 * Multiple-comparison control over every (scenario, metric) tested in one comparison. Pure.
 *
 * Default: Benjamini–Hochberg. When nothing really changed (clean vs clean), every flag is
 * false, so BH's false-discovery rate equals the chance of any false flag: a clean night
 * raises an alarm at most `alpha` of the time. When something did change, it moves several
 * metrics together (extra jitter moves jitter, its max, the jitter buffer, concealment), and
 * BH keeps the power to report all of them where Holm, guarding against even one false flag
 * among hundreds of true ones, would drop some. BH assumes independent or positively
 * dependent p-values, which is how these metrics move; Holm (any dependence) is available.
 * `none` exists to measure what the correction buys, not for use.
 */

export type Adjustment = 'bh' | 'holm' | 'none';

export const ADJUSTMENTS: Record<Adjustment, string> = {
  bh: 'Benjamini–Hochberg (false discovery rate)',
  holm: 'Holm (family-wise error rate)',
  none: 'none (each test at alpha on its own)',
};

/** Adjusted p-values (same order as `pValues`), each 0..1; compare them with alpha. */
export function adjustPValues(pValues: readonly number[], method: Adjustment): number[] {
  const K = pValues.length;
  if (method === 'none') return pValues.map((p) => Math.min(1, p));
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(K);
  if (method === 'bh') {
    // q(j) = min over the j-th and larger p-values of p · K / rank, so q is monotone in p
    let running = 1;
    for (let j = K - 1; j >= 0; j--) {
      const { p, i } = order[j]!;
      running = Math.min(running, (p * K) / (j + 1));
      adjusted[i] = running;
    }
    return adjusted;
  }
  // Holm: step-down, the j-th smallest p-value times (K − j), kept monotone
  let running = 0;
  for (let j = 0; j < K; j++) {
    const { p, i } = order[j]!;
    running = Math.max(running, Math.min(1, p * (K - j)));
    adjusted[i] = running;
  }
  return adjusted;
}
