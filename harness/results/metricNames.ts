/**
 * The closed list of per-call metric names, units in the name. A call's summary is keyed by
 * them; how each is computed is metrics/metrics.ts, which must define exactly these (its
 * `satisfies` fails the type check otherwise). The order is the order lists and reports show.
 */
export const METRIC_NAMES = [
  'audio.jitter_ms',
  'audio.jitter_max_ms',
  'audio.remote_jitter_ms',
  'audio.loss_pct',
  'audio.rtt_ms',
  'audio.jitter_buffer_delay_ms',
  'audio.concealment_pct',
  'audio.packets_received',
  'audio.packets_lost',
  'audio.playout_s',
  'submission.latency_ms',
  'submission.attempts',
  'call.setup_ms',
  'call.duration_s',
  'checks.failed',
  'relay.dropped_pct',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
