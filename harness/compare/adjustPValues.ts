/**
 * Multiple-comparison control over every (scenario, metric) tested in one comparison. Pure.
 *
 * Default: Holm. A nightly comparison tests hundreds of (scenario, metric) pairs; Holm
 * keeps the chance of flagging *any* metric that did not move at or below alpha, whether
 * or not other metrics really moved, and under any dependence between them. That is the
 * promise a regression report needs ("these moved, and only these"). Benjamini–Hochberg
 * (`bh`) controls the false discovery rate instead: on a clean night it is the same
 * guarantee, but once real shifts pass, it loosens the bar for the rest: with 20 ms extra
 * jitter it flags an unmoved metric (the jitter buffer) in a few comparisons of a hundred,
 * Holm in none (tests/unit/compare/compareRuns.spec.ts prints both). It finds more
 * moderate shifts in exchange. `none` exists to measure what the correction buys, not
 * for use.
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
