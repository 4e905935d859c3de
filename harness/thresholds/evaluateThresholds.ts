/**
 * Evaluates thresholds against a run's results: per threshold, the values of the selected
 * calls are aggregated with simple-statistics and compared with the limit. A threshold with
 * nothing to measure (no call selected, or none of them has the metric) is breached: a
 * limit that cannot be checked must not read as kept. Pure.
 */
import { max, mean, median, min, quantile } from 'simple-statistics';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import type { CallEntry, RunResults } from '../results/resultsTypes.ts';
import { formatNumber, formatWithUnit } from '../metrics/formatNumber.ts';
import { METRICS, metricValue, type MetricName, type MetricUnit } from '../metrics/metrics.ts';
import { compare, statLabel, type ThresholdExpression } from './thresholdSyntax.ts';
import { validateThresholds, type ParsedThreshold } from './thresholdsSchema.ts';

export interface ThresholdResult {
  /** the metric's name, e.g. `audio.jitter_ms` */
  metric: MetricName;
  /** the filter, canonical, e.g. `{scenario:packet-loss-10}`; '' when the threshold covers every call */
  filter: string;
  /** the expression, whitespace removed, e.g. `p(95)<30` */
  expression: string;
  /** the aggregated value in `unit`; null when there was nothing to measure */
  measured: number | null;
  /** the metric's unit */
  unit: MetricUnit;
  /** how many calls contributed a value */
  calls: number;
  /** true when the measured value keeps the limit */
  ok: boolean;
  /** one line naming the metric, the threshold, the measured value and the verdict */
  message: string;
}

/** The statistic over `values` (non-empty unless the statistic is count). */
export function aggregate(values: number[], expression: ThresholdExpression): number {
  switch (expression.stat) {
    case 'count':
      return values.length;
    case 'avg':
      return mean(values);
    case 'min':
      return min(values);
    case 'max':
      return max(values);
    case 'med':
      return median(values);
    case 'p':
      return quantile(values, (expression.percentile ?? 100) / 100);
  }
}

function selects(threshold: ParsedThreshold, call: CallEntry, scenarioTags: Record<string, string[]>): boolean {
  const { scenario, tag } = threshold.filter;
  if (scenario !== undefined && call.scenario !== scenario) return false;
  if (tag !== undefined && !(scenarioTags[call.scenario] ?? []).includes(tag)) return false;
  return true;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Evaluates already-validated thresholds. */
export function evaluateParsedThresholds(results: RunResults, thresholds: readonly ParsedThreshold[], scenarioTags: Record<string, string[]>): ThresholdResult[] {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const valueCache = new Map<CallEntry, Map<MetricName, number | undefined>>();
  const valueOf = (call: CallEntry, metric: MetricName): number | undefined => {
    let perCall = valueCache.get(call);
    if (!perCall) valueCache.set(call, (perCall = new Map()));
    if (!perCall.has(metric)) {
      perCall.set(metric, metricValue(call, metric));
    }
    return perCall.get(metric);
  };
  return thresholds.map((threshold) => {
    const unit = METRICS[threshold.metric].unit;
    const selected = calls.filter((c) => selects(threshold, c, scenarioTags));
    const values = selected.flatMap((c) => {
      const v = valueOf(c, threshold.metric);
      return v === undefined ? [] : [v];
    });
    const name = `${threshold.metric}${threshold.filterText} ${threshold.expression.text}`;
    const stat = statLabel(threshold.expression);
    if (values.length === 0 && threshold.expression.stat !== 'count') {
      const why =
        selected.length === 0
          ? threshold.filterText
            ? `no call matched ${threshold.filterText}`
            : 'the run has no calls'
          : selected.length === 1
            ? 'the one selected call has no value'
            : `none of the ${selected.length} selected calls has a value`;
      return { metric: threshold.metric, filter: threshold.filterText, expression: threshold.expression.text, measured: null, unit, calls: 0, ok: false, message: `${name} breached: nothing to measure (${why})` };
    }
    const measured = aggregate(values, threshold.expression);
    const ok = compare(measured, threshold.expression.op, threshold.expression.value);
    const shown = stat === 'count' ? formatNumber(measured) : formatWithUnit(measured, unit);
    return {
      metric: threshold.metric,
      filter: threshold.filterText,
      expression: threshold.expression.text,
      measured,
      unit,
      calls: values.length,
      ok,
      message: `${name} ${ok ? 'passed' : 'breached'}: ${stat} = ${shown} over ${plural(values.length, 'call')}`,
    };
  });
}

/**
 * @param thresholds metric key → expressions, as a user wrote them (see ThresholdsSchema)
 * @param scenarioTags scenario id → its tags, for `{tag:NAME}` filters
 * @throws UsageError (exit 2) listing every problem when the thresholds are invalid
 */
export function evaluateThresholds(results: RunResults, thresholds: Record<string, string[]>, scenarioTags: Record<string, string[]>): ThresholdResult[] {
  const validated = validateThresholds(thresholds);
  if (!validated.ok) throw new UsageError(`invalid thresholds:\n  ${validated.errors.join('\n  ')}`, EXIT.usage);
  return evaluateParsedThresholds(results, validated.thresholds, scenarioTags);
}
