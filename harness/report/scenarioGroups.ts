/**
 * A run's calls grouped by scenario, for the reports of big runs (pure): up to MAX_CALL_ROWS
 * calls, the HTML report and summary.md show a row per call; above it, a row per scenario
 * (counts and each key metric's median) and rows for the failed calls only. Why: a soak with
 * churn makes thousands of calls (20 slots, a new call a minute, for 24 h: 28,800), GitHub
 * refuses a job summary over 1 MiB, and a row per call would bury the failed ones.
 */
import { median } from 'simple-statistics';
import type { CallEntry } from '../results/resultsTypes.ts';
import type { MetricName } from '../metrics/metrics.ts';
import { callVerdict } from '../results/callStatus.ts';
import { KEY_METRICS } from './keyMetrics.ts';

/** most calls shown a row each; also most failed calls listed in a big run's reports */
export const MAX_CALL_ROWS = 50;

export interface ScenarioGroup {
  scenario: string;
  /** sides that ran as Node peers; calls of one scenario with different runtimes are different groups */
  nodeSides: ('consumer' | 'business')[];
  /** indexes into results.calls, in order */
  calls: number[];
  passed: number;
  failed: number;
  /** calls without a verdict: not started, or cut off by a forced stop */
  skipped: number;
  /** each key metric's median over the group's calls that have a value */
  medians: Partial<Record<MetricName, number>>;
}

export function nodeSides(call: CallEntry): ('consumer' | 'business')[] {
  return (['consumer', 'business'] as const).filter((role) => call.peers?.[role]?.runtime === 'node');
}

/** Groups in the order their scenario first appears. */
export function groupByScenario(calls: readonly CallEntry[], values: readonly Partial<Record<MetricName, number>>[]): ScenarioGroup[] {
  const groups = new Map<string, ScenarioGroup>();
  calls.forEach((call, i) => {
    const sides = nodeSides(call);
    const key = `${call.scenario}\u0000${sides.join(',')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { scenario: call.scenario, nodeSides: sides, calls: [], passed: 0, failed: 0, skipped: 0, medians: {} }));
    group.calls.push(i);
    group[callVerdict(call)]++;
  });
  for (const group of groups.values()) {
    for (const { metric } of KEY_METRICS) {
      const known = group.calls.map((i) => values[i]?.[metric]).filter((v): v is number => v !== undefined);
      if (known.length > 0) group.medians[metric] = median(known);
    }
  }
  return [...groups.values()];
}
