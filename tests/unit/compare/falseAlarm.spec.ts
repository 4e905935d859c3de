/**
 * The false-alarm rate: clean runs compared with clean runs drawn from the same (realistic,
 * skewed, tied, load-correlated) distribution. Every flag is false, so the share of
 * comparisons with at least one regression is the rate a nightly job would cry wolf at.
 * Measured with the default settings, and without the safeguards to show what they buy.
 */
import { test, expect } from '@playwright/test';
import { compareRuns, type CompareOptions } from '../../../harness/compare/compareRuns.ts';
import { METRIC_NAMES } from '../../../harness/metrics/metrics.ts';
import { seeded, syntheticRun } from './support/syntheticRuns.ts';

const COMPARISONS = 200;
const SCENARIOS = ['hangup-call', 'high-jitter', 'packet-loss-5'];
const NO_MINIMUM = Object.fromEntries(METRIC_NAMES.map((m) => [m, { minShift: 0 }]));

function falseAlarms(options: CompareOptions): { regression: number; anyFlag: number; tests: number } {
  let regression = 0;
  let anyFlag = 0;
  let tests = 0;
  for (let i = 0; i < COMPARISONS; i++) {
    const rand = seeded(10_000 + i);
    const c = compareRuns(syntheticRun(rand, { scenarios: SCENARIOS, calls: 10 }), syntheticRun(rand, { scenarios: SCENARIOS, calls: 10 }), options);
    tests = c.rows.filter((r) => r.pValue !== null).length;
    if (c.regression) regression++;
    if (c.counts.regression + c.counts.improvement + c.counts.changed > 0) anyFlag++;
  }
  return { regression, anyFlag, tests };
}

test(`clean vs clean, ${COMPARISONS} comparisons of 10 vs 10 calls × 3 scenarios: a regression is flagged in at most alpha = 5 % of them`, () => {
  const holm = falseAlarms({});
  const bh = falseAlarms({ adjust: 'bh' });
  const bare = falseAlarms({ adjust: 'none', minRelativeShift: 0, polarity: NO_MINIMUM });
  const pct = (n: number) => `${((n / COMPARISONS) * 100).toFixed(1)} %`;
  console.log(
    `false alarms over ${COMPARISONS} clean-vs-clean comparisons (${holm.tests} tests each): ` +
      `default (holm + minimum shift) ${holm.regression} = ${pct(holm.regression)} with a regression, ${pct(holm.anyFlag)} with any flag; ` +
      `bh + minimum ${pct(bh.regression)} / ${pct(bh.anyFlag)}; no correction, no minimum ${pct(bare.regression)} / ${pct(bare.anyFlag)}`,
  );
  // metrics whose calls all had one value (one attempt, no failed check, no relay drop) cannot move and are not tested
  expect(holm.tests).toBe(SCENARIOS.length * (METRIC_NAMES.length - 3));
  // binomial(200, 0.05) has sd 1.5 %: 8 % is 2 sd above nominal; a method that leaks lands well above it
  expect(holm.regression / COMPARISONS).toBeLessThanOrEqual(0.08);
  expect(holm.anyFlag / COMPARISONS).toBeLessThanOrEqual(0.08);
  expect(bh.regression / COMPARISONS).toBeLessThanOrEqual(0.08);
  // the same data without correction and minimum cries wolf most nights: the measurement can fail
  expect(bare.anyFlag / COMPARISONS).toBeGreaterThan(0.5);
});
