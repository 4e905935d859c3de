/**
 * The handful of metrics the overview, the Markdown summary and the "worst" list show per
 * call, and which call is worst on each. Higher is worse for all of them. Pure.
 */
import type { RunResults } from '../results/resultsTypes.ts';
import { METRICS, metricValues, type MetricName } from '../metrics/metrics.ts';

export interface KeyMetric {
  metric: MetricName;
  /** column heading, unit included */
  label: string;
  /** phrase for the worst list, e.g. "highest mean jitter" */
  worst: string;
}

export const KEY_METRICS: readonly KeyMetric[] = [
  { metric: 'audio.jitter_ms', label: 'jitter ms', worst: 'highest mean jitter' },
  { metric: 'audio.loss_pct', label: 'loss %', worst: 'highest loss' },
  { metric: 'audio.rtt_ms', label: 'RTT ms', worst: 'longest RTT' },
  { metric: 'audio.jitter_buffer_delay_ms', label: 'jitter buffer ms', worst: 'longest jitter-buffer delay' },
  { metric: 'audio.concealment_pct', label: 'concealed %', worst: 'most concealment' },
  { metric: 'submission.latency_ms', label: 'submitted after ms', worst: 'slowest accepted submission' },
];

export interface WorstValue {
  metric: MetricName;
  /** index into results.calls */
  call: number;
  value: number;
  unit: string;
  phrase: string;
}

/** Every call's values of every metric, by call index. */
export function allMetricValues(results: Pick<RunResults, 'calls'>): Partial<Record<MetricName, number>>[] {
  return (Array.isArray(results.calls) ? results.calls : []).map(metricValues);
}

/** The worst call per key metric (ties: the earlier call); metrics nobody has are left out, and so are all-zero ones. */
export function worstValues(values: Partial<Record<MetricName, number>>[]): WorstValue[] {
  const out: WorstValue[] = [];
  for (const key of KEY_METRICS) {
    let best: WorstValue | undefined;
    values.forEach((v, call) => {
      const value = v[key.metric];
      if (value !== undefined && (!best || value > best.value)) best = { metric: key.metric, call, value, unit: METRICS[key.metric].unit, phrase: key.worst };
    });
    if (best && best.value > 0) out.push(best);
  }
  return out;
}
