/**
 * For every per-call metric (harness/metrics/metrics.ts, the one list): which direction
 * is worse, and the smallest shift worth reporting. Typed against MetricName, so a metric
 * added there without an entry here fails the type check. Pure.
 *
 * The minimum is what keeps a large, quiet sample from flagging a shift nobody would act
 * on: a shift counts only when the Hodges–Lehmann estimate is at least `minShift` (in the
 * metric's unit) AND at least MIN_RELATIVE_SHIFT of the baseline median. The numbers come
 * from clean loopback runs (jitter 0.5–11 ms, jitter buffer 30–300 ms, setup 280–1100 ms
 * on a shared 2-core machine) and from what a listener or an operator would notice.
 */
import type { MetricName } from '../metrics/metrics.ts';

/** Which way is worse: 'higher', 'lower', or 'neither' (a change is reported, never as a regression). */
export type Worse = 'higher' | 'lower' | 'neither';

export interface MetricPolarity {
  worse: Worse;
  /** smallest |shift| that can be flagged, in the metric's unit */
  minShift: number;
  /** why this direction and this minimum, one line (shown in --help and the docs) */
  why: string;
}

/** Default relative minimum: a shift must also be ≥ 10 % of the baseline median. */
export const MIN_RELATIVE_SHIFT = 0.1;

export const METRIC_POLARITY: Record<MetricName, MetricPolarity> = {
  'audio.jitter_ms': { worse: 'higher', minShift: 2, why: 'clean calls vary by a few ms; 2 ms is the smallest step the jitter buffer reacts to' },
  'audio.jitter_max_ms': { worse: 'higher', minShift: 5, why: 'a single worst second is noisier than the mean' },
  'audio.remote_jitter_ms': { worse: 'higher', minShift: 2, why: 'the consumer side of the same measure as audio.jitter_ms' },
  'audio.loss_pct': { worse: 'higher', minShift: 1, why: 'one point of loss is audible with Opus without FEC' },
  'audio.rtt_ms': { worse: 'higher', minShift: 10, why: 'loopback RTT is a few ms; 10 ms is beyond scheduling noise' },
  'audio.jitter_buffer_delay_ms': { worse: 'higher', minShift: 20, why: 'one 20 ms packet of extra buffering' },
  'audio.concealment_pct': { worse: 'higher', minShift: 1, why: 'one point of synthesized audio is audible' },
  'audio.packets_received': { worse: 'lower', minShift: 50, why: 'one second of 20 ms packets' },
  'audio.packets_lost': { worse: 'higher', minShift: 10, why: 'a fifth of a second of audio' },
  'audio.playout_s': { worse: 'lower', minShift: 1, why: 'one second of audio not played' },
  'submission.latency_ms': { worse: 'higher', minShift: 50, why: 'local submissions vary by tens of ms with machine load' },
  'submission.attempts': { worse: 'higher', minShift: 1, why: 'one more POST is a retry' },
  'call.setup_ms': { worse: 'higher', minShift: 100, why: 'set-up varies by hundreds of ms with machine load' },
  'call.duration_s': { worse: 'higher', minShift: 1, why: 'scripted calls have fixed talk time; a second more is harness or set-up slowness' },
  'checks.failed': { worse: 'higher', minShift: 1, why: 'one more failed check' },
  'relay.dropped_pct': { worse: 'neither', minShift: 1, why: "the relay's own drops are the test condition, not the product under test" },
};

/** Polarity of any metric name; one the list does not know (an old record) is reported, never flagged. */
export function polarityOf(metric: string): MetricPolarity {
  return Object.hasOwn(METRIC_POLARITY, metric)
    ? METRIC_POLARITY[metric as MetricName]
    : { worse: 'neither', minShift: 0, why: 'not in the current metric list' };
}
