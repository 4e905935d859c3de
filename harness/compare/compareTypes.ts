/** What a comparison of two runs produces (compareRuns.ts) and the renderers read. */
import type { Adjustment } from './adjustPValues.ts';
import type { Worse } from './metricPolarity.ts';
import type { RunKind } from '../history/historyRecord.ts';

/**
 * - regression: significant after correction, at least the minimum shift, in the worse direction
 * - improvement: the same in the better direction
 * - changed: the same for a metric with no better direction (relay drops: the test condition)
 * - unchanged: not significant, or smaller than the minimum shift
 * - insufficient: fewer than minCalls values on a side; not tested
 */
export type Verdict = 'regression' | 'improvement' | 'changed' | 'unchanged' | 'insufficient';

export const VERDICTS: readonly Verdict[] = ['regression', 'improvement', 'changed', 'unchanged', 'insufficient'];

/** One side of a row: the per-call values of one metric in one scenario. */
export interface SideSummary {
  /** calls with a value */
  n: number;
  /** metric unit; null when n is 0 */
  median: number | null;
  /** 95th percentile (linear interpolation), metric unit; null when n is 0 */
  p95: number | null;
}

export interface ComparisonRow {
  scenario: string;
  metric: string;
  /** the metric's unit (ms, s, %, count); '' for a metric the current list does not know */
  unit: string;
  worse: Worse;
  baseline: SideSummary;
  current: SideSummary;
  effect: {
    /** Hodges–Lehmann shift current − baseline, metric unit; null when not tested */
    shift: number | null;
    /** confidence interval of the shift (level: Comparison.confidence), metric unit; null when not tested or too few calls */
    ci95: [number, number] | null;
    /** shift / |baseline median|; null when the median is 0 or not tested */
    relative: number | null;
    /** probability that a current call's value exceeds a baseline call's (ties ½), 0..1; 0.5 = no shift */
    superiority: number | null;
  };
  /** two-sided Mann–Whitney p-value; null when not tested */
  pValue: number | null;
  /** p-value adjusted for every test in the comparison (Comparison.adjust); null when not tested */
  qValue: number | null;
  verdict: Verdict;
  /** why this verdict, one sentence */
  reason: string;
}

/** Identifies a compared run in the output. */
export interface RunRef {
  id: string;
  /** ISO 8601 */
  startedAt: string;
  status: string;
  /** `run` or `soak` (callsoak soak) */
  kind: RunKind;
  gitRevision: string | null;
  /** "Chromium 156.0.8078.79" */
  browser: string;
  harnessVersion: string | null;
  calls: number;
  /** where it was read from: a run directory or `history:<id>` */
  source: string;
}

export interface Comparison {
  baseline: RunRef;
  current: RunRef;
  /** significance level each adjusted p-value is held to; default 0.05 */
  alpha: number;
  adjust: Adjustment;
  /** level of the shift's confidence interval; default 0.95 */
  confidence: number;
  /** fewest calls with a value per side for a metric to be tested; default 5 */
  minCalls: number;
  /** a flagged shift is also ≥ this fraction of the baseline median; default 0.1 */
  minRelativeShift: number;
  /** the test, the effect size and the correction, in words */
  method: string;
  /** scenario by scenario (baseline order), metric by metric (metric-list order) */
  rows: ComparisonRow[];
  /** scenarios with calls in only one run: nothing to compare them with */
  onlyInBaseline: string[];
  onlyInCurrent: string[];
  counts: Record<Verdict, number>;
  /** at least one row is a regression (→ exit 4) */
  regression: boolean;
}
