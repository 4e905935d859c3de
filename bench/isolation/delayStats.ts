/**
 * What a stream of one-way delays says about the path: percentiles, spread and RFC 3550
 * interarrival jitter. Pure; delays in ms, each stream in arrival order.
 */

export interface DelaySummary {
  /** packets measured */
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** standard deviation of the delay, ms */
  stddevMs: number;
  /**
   * RFC 3550 §6.4.1 interarrival jitter, ms: per stream J += (|D| − J) / 16 over consecutive
   * packets, D the change of the one-way delay; averaged over each stream's packets, then over
   * the streams (what a receiver's reports would show on average)
   */
  jitterMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** RFC 3550 jitter of one stream, averaged over its packets, ms */
export function meanInterarrivalJitter(delays: Float64Array): number {
  if (delays.length < 2) return NaN;
  let jitter = 0;
  let sum = 0;
  for (let i = 1; i < delays.length; i++) {
    jitter += (Math.abs(delays[i]! - delays[i - 1]!) - jitter) / 16;
    sum += jitter;
  }
  return sum / (delays.length - 1);
}

export function summarizeDelays(streams: Float64Array[]): DelaySummary {
  const count = streams.reduce((n, s) => n + s.length, 0);
  const all = new Float64Array(count);
  let at = 0;
  for (const stream of streams) {
    all.set(stream, at);
    at += stream.length;
  }
  all.sort();
  const mean = all.reduce((a, b) => a + b, 0) / Math.max(1, count);
  const variance = all.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, count - 1);
  const jitters = streams.map(meanInterarrivalJitter).filter(Number.isFinite);
  return {
    count,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    maxMs: count > 0 ? all[count - 1]! : NaN,
    stddevMs: Math.sqrt(variance),
    jitterMs: jitters.reduce((a, b) => a + b, 0) / Math.max(1, jitters.length),
  };
}
