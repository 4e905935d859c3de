/**
 * Compares two runs scenario by scenario and metric by metric, treating each run's calls
 * as a sample: Mann–Whitney rank test (no normality assumed: call metrics are skewed and
 * tie a lot), Hodges–Lehmann shift with its confidence interval, one p-value adjustment
 * over every test, and a minimum practical shift per metric (metricPolarity.ts). Pure and
 * deterministic: the same two records always give the same verdicts.
 *
 * What it cannot see: variation *between* runs that is not visible within one (a busier
 * machine on one night shifts all its calls together). The minimum shifts absorb ordinary
 * load swings; a baseline pooled from several green runs absorbs more.
 */
import { quantileSorted } from 'simple-statistics';
import type { HistoryRun } from '../history/historyRecord.ts';
import { kindOf, scenariosOf } from '../history/historyRecord.ts';
import { METRIC_NAMES, METRICS, isMetricName } from '../metrics/metrics.ts';
import { ADJUSTMENTS, adjustPValues, type Adjustment } from './adjustPValues.ts';
import type { Comparison, ComparisonRow, RunRef, SideSummary, Verdict } from './compareTypes.ts';
import { VERDICTS } from './compareTypes.ts';
import { hodgesLehmann } from './hodgesLehmann.ts';
import { mannWhitney } from './mannWhitney.ts';
import { MIN_RELATIVE_SHIFT, polarityOf, type MetricPolarity } from './metricPolarity.ts';
import { formatWithUnit } from '../metrics/formatNumber.ts';

export interface CompareOptions {
  /** significance level for the adjusted p-values, 0 < alpha < 1; default 0.05 */
  alpha?: number;
  /** multiple-comparison adjustment; default 'holm' (see adjustPValues.ts for why) */
  adjust?: Adjustment;
  /** confidence level of the shift's interval, 0 < c < 1; default 0.95 */
  confidence?: number;
  /** fewest calls with a value on each side for a metric to be tested, ≥ 2; default 5 */
  minCalls?: number;
  /** a flagged shift is also ≥ this fraction of |baseline median|, ≥ 0; default 0.1 */
  minRelativeShift?: number;
  /** per-metric overrides of direction and minimum shift */
  polarity?: Record<string, Partial<Pick<MetricPolarity, 'worse' | 'minShift'>>>;
  /** only these metrics; default every metric either run has */
  metrics?: readonly string[];
  /** where each run was read from, for the output; default `history:<id>` */
  sources?: { baseline?: string; current?: string };
}

/** Problems with the options, one sentence each; [] when they are usable. */
export function compareOptionErrors(options: CompareOptions): string[] {
  const errors: string[] = [];
  const open01 = (name: string, v: number | undefined) => {
    if (v !== undefined && !(v > 0 && v < 1)) errors.push(`${name} must be between 0 and 1 (exclusive), got ${v}`);
  };
  open01('alpha', options.alpha);
  open01('confidence', options.confidence);
  if (options.minCalls !== undefined && !(Number.isInteger(options.minCalls) && options.minCalls >= 2)) errors.push(`minCalls must be an integer ≥ 2, got ${options.minCalls}`);
  if (options.minRelativeShift !== undefined && !(options.minRelativeShift >= 0 && Number.isFinite(options.minRelativeShift))) errors.push(`minRelativeShift must be ≥ 0, got ${options.minRelativeShift}`);
  if (options.adjust !== undefined && !Object.hasOwn(ADJUSTMENTS, options.adjust)) errors.push(`adjust must be one of ${Object.keys(ADJUSTMENTS).join(', ')}, got ${String(options.adjust)}`);
  return errors;
}

export function compareRuns(baseline: HistoryRun, current: HistoryRun, options: CompareOptions = {}): Comparison {
  const errors = compareOptionErrors(options);
  if (errors.length > 0) throw new RangeError(`compareRuns: ${errors.join('; ')}`);
  const alpha = options.alpha ?? 0.05;
  const adjust = options.adjust ?? 'holm';
  const confidence = options.confidence ?? 0.95;
  const minCalls = options.minCalls ?? 5;
  const minRelativeShift = options.minRelativeShift ?? MIN_RELATIVE_SHIFT;

  const base = valuesByScenario(baseline);
  const cur = valuesByScenario(current);
  const baseScenarios = scenariosOf(baseline);
  const curScenarios = scenariosOf(current);
  const shared = baseScenarios.filter((s) => cur.has(s));

  type Pending = { row: ComparisonRow; polarity: MetricPolarity; tested: boolean };
  const pending: Pending[] = [];
  for (const scenario of shared) {
    const b = base.get(scenario)!;
    const c = cur.get(scenario)!;
    for (const metric of metricOrder([...b.keys(), ...c.keys()], options.metrics)) {
      const polarity = { ...polarityOf(metric), ...options.polarity?.[metric] };
      const bv = b.get(metric) ?? [];
      const cv = c.get(metric) ?? [];
      const row: ComparisonRow = {
        scenario,
        metric,
        unit: isMetricName(metric) ? METRICS[metric].unit : '',
        worse: polarity.worse,
        baseline: summarize(bv),
        current: summarize(cv),
        effect: { shift: null, ci95: null, relative: null, superiority: null },
        pValue: null,
        qValue: null,
        verdict: 'insufficient',
        reason: `${bv.length} vs ${cv.length} calls with a value; at least ${minCalls} per side are needed to test`,
      };
      const enough = bv.length >= minCalls && cv.length >= minCalls;
      // all calls on both sides had one and the same value: no test can find a shift, and
      // leaving it out of the family keeps the adjustment from paying for it
      const constant = enough && [...bv, ...cv].every((v) => v === bv[0]);
      if (constant) {
        row.verdict = 'unchanged';
        row.effect = { shift: 0, ci95: [0, 0], relative: 0, superiority: 0.5 };
        row.reason = `every call on both sides had the same value, ${formatWithUnit(bv[0], row.unit)}`;
      }
      const tested = enough && !constant;
      if (tested) {
        const test = mannWhitney(bv, cv);
        const hl = hodgesLehmann(bv, cv, confidence);
        const median = row.baseline.median!;
        row.pValue = test.pValue;
        row.effect = {
          shift: hl.shift,
          ci95: hl.ci,
          relative: median !== 0 ? hl.shift / Math.abs(median) : null,
          superiority: test.u / (bv.length * cv.length),
        };
      }
      pending.push({ row, polarity, tested });
    }
  }

  const tested = pending.filter((p) => p.tested);
  const q = adjustPValues(tested.map((p) => p.row.pValue!), adjust);
  tested.forEach((p, i) => {
    p.row.qValue = q[i]!;
    Object.assign(p.row, judge(p.row, p.polarity, alpha, minRelativeShift));
  });

  const rows = pending.map((p) => p.row);
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const row of rows) counts[row.verdict]++;
  return {
    baseline: refOf(baseline, options.sources?.baseline),
    current: refOf(current, options.sources?.current),
    alpha,
    adjust,
    confidence,
    minCalls,
    minRelativeShift,
    method:
      `two-sided Mann–Whitney U per scenario and metric (exact conditional permutation distribution of the ranks; normal approximation above 50 calls), ` +
      `Hodges–Lehmann shift with its ${Math.round(confidence * 100)}% distribution-free interval, p-values adjusted by ${ADJUSTMENTS[adjust]} over ${tested.length} tests, ` +
      `flagged when adjusted p ≤ ${alpha} and the shift reaches the metric's minimum and ${Math.round(minRelativeShift * 100)}% of the baseline median`,
    rows,
    onlyInBaseline: baseScenarios.filter((s) => !cur.has(s)),
    onlyInCurrent: curScenarios.filter((s) => !base.has(s)),
    counts,
    regression: counts.regression > 0,
  };
}

function judge(row: ComparisonRow, polarity: MetricPolarity, alpha: number, minRelativeShift: number): Pick<ComparisonRow, 'verdict' | 'reason'> {
  const shift = row.effect.shift!;
  const q = row.qValue!;
  const show = (v: number) => formatWithUnit(v, row.unit);
  const signed = (v: number) => (v > 0 ? `+${show(v)}` : show(v));
  if (q > alpha) return { verdict: 'unchanged', reason: `adjusted p ${q.toPrecision(2)} > ${alpha}: within call-to-call variation` };
  const median = Math.abs(row.baseline.median!);
  const needed = Math.max(polarity.minShift, minRelativeShift * median);
  if (Math.abs(shift) < needed || shift === 0) {
    return { verdict: 'unchanged', reason: `significant (adjusted p ${q.toPrecision(2)}) but the shift ${signed(shift)} is below the ${show(needed)} worth reporting` };
  }
  const why = `adjusted p ${q.toPrecision(2)} ≤ ${alpha}, shift ${signed(shift)} ≥ ${show(needed)}`;
  if (polarity.worse === 'neither') return { verdict: 'changed', reason: `${why}; neither direction is worse for this metric` };
  const worse = (polarity.worse === 'higher') === shift > 0;
  return worse ? { verdict: 'regression', reason: `${why}, ${polarity.worse} is worse` } : { verdict: 'improvement', reason: `${why}, ${polarity.worse} is worse` };
}

/** scenario → metric → finite values, one per call that has one. */
function valuesByScenario(run: HistoryRun): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const call of run.calls) {
    let metrics = out.get(call.scenario);
    if (!metrics) out.set(call.scenario, (metrics = new Map()));
    for (const [name, value] of Object.entries(call.metrics)) {
      if (!Number.isFinite(value)) continue;
      let list = metrics.get(name);
      if (!list) metrics.set(name, (list = []));
      list.push(value);
    }
  }
  return out;
}

/** Metric-list order first, then names the list does not know, alphabetically; filtered by `only`. */
function metricOrder(names: string[], only: readonly string[] | undefined): string[] {
  const unique = [...new Set(names)].filter((n) => !only || only.includes(n));
  const rank = (n: string) => (isMetricName(n) ? METRIC_NAMES.indexOf(n) : METRIC_NAMES.length);
  return unique.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function summarize(values: number[]): SideSummary {
  if (values.length === 0) return { n: 0, median: null, p95: null };
  const sorted = [...values].sort((a, b) => a - b);
  return { n: values.length, median: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
}

function refOf(run: HistoryRun, source: string | undefined): RunRef {
  return {
    id: run.id,
    startedAt: run.startedAt,
    status: run.status,
    kind: kindOf(run),
    gitRevision: run.gitRevision,
    browser: `${run.browser.name} ${run.browser.version}`,
    harnessVersion: run.harnessVersion,
    calls: run.calls.length,
    source: source ?? `history:${run.id}`,
  };
}
