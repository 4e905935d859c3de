/**
 * Turns a call's one-per-second getStats samples (raw units, cumulative counters) into the
 * per-interval series the report charts. Pure.
 *
 * Every value is either a finite number or null: null is a gap (no media yet, no RTCP yet,
 * a counter reset), never NaN. An interval value at sample i covers (sample i−1, sample i].
 */
import type { AudioSample } from '../stats/audioSample.ts';

/** The derived series, each one value per sample (null = gap). */
export interface DerivedSeries {
  /** seconds on the chart's axis: sample `t` plus `offsetS` (see callTimebase) */
  x: number[];
  /** inbound RFC 3550 jitter at the sample, ms */
  jitter_ms: (number | null)[];
  /** packets lost in the interval over packets expected in it (lost + received), % */
  loss_pct: (number | null)[];
  /** RTCP round-trip time: Δ totalRoundTripTime / Δ roundTripTimeMeasurements, falling back to the latest roundTripTime, ms */
  rtt_ms: (number | null)[];
  /** STUN consent round-trip time of the selected candidate pair (through the relay), ms */
  ice_rtt_ms: (number | null)[];
  /** average jitter-buffer delay of the samples emitted in the interval, ms */
  jitter_buffer_delay_ms: (number | null)[];
  /** concealed samples over samples received in the interval, % */
  concealment_pct: (number | null)[];
  /** inbound audio level at the sample, 0..1 linear */
  audio_level: (number | null)[];
  /** RTP packets received per second in the interval */
  packets_received_per_s: (number | null)[];
  /** RTP packets sent per second in the interval */
  packets_sent_per_s: (number | null)[];
}

export type SeriesName = Exclude<keyof DerivedSeries, 'x'>;

/** A number when it is finite, otherwise null (the one place NaN and Infinity turn into gaps). */
export function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Δ of a cumulative counter; null when either side is missing or the counter went backwards (reset). */
function delta(now: number | undefined, before: number | undefined): number | null {
  if (typeof now !== 'number' || typeof before !== 'number') return null;
  const d = now - before;
  return Number.isFinite(d) && d >= 0 ? d : null;
}

/** Δ that may be negative (packetsLost goes down when duplicates arrive). */
function signedDelta(now: number | undefined, before: number | undefined): number | null {
  if (typeof now !== 'number' || typeof before !== 'number') return null;
  return finite(now - before);
}

function ratio(numerator: number | null, denominator: number | null, scale: number): number | null {
  if (numerator === null || denominator === null || denominator <= 0) return null;
  return finite((numerator / denominator) * scale);
}

type Inbound = NonNullable<AudioSample['inbound']>;
type Remote = NonNullable<AudioSample['remoteInbound']>;

/**
 * The counters to take a Δ from: the previous sample's when it reported the same SSRC; all
 * zeros when there was no report yet (counters start at 0, so the first report covers the
 * stream from its start); undefined when the stream changed SSRC (its counters restarted).
 */
function base<T extends { ssrc?: number }>(prev: T | undefined, now: T, zero: T): T | undefined {
  if (!prev) return zero;
  if (prev.ssrc !== undefined && now.ssrc !== undefined && prev.ssrc !== now.ssrc) return undefined;
  return prev;
}

const ZERO_INBOUND: Inbound = {
  packetsReceived: 0,
  packetsLost: 0,
  jitterBufferDelay: 0,
  jitterBufferEmittedCount: 0,
  concealedSamples: 0,
  totalSamplesReceived: 0,
};

const ZERO_REMOTE: Remote = { totalRoundTripTime: 0, roundTripTimeMeasurements: 0 };

function rtt(prev: Remote | undefined, now: Remote | undefined): number | null {
  if (!now) return null;
  const before = base(prev, now, ZERO_REMOTE);
  const count = delta(now.roundTripTimeMeasurements, before?.roundTripTimeMeasurements);
  const total = delta(now.totalRoundTripTime, before?.totalRoundTripTime);
  if (count !== null && count > 0 && total !== null) return ratio(total, count, 1000);
  return finite(now.roundTripTime === undefined ? undefined : now.roundTripTime * 1000);
}

/**
 * @param samples one call's samples, in time order (out-of-order samples are sorted by `t`)
 * @param offsetS seconds added to each sample's `t` for the x axis; default 0
 */
export function deriveSeries(samples: readonly AudioSample[], offsetS = 0): DerivedSeries {
  const sorted = samples.filter((s) => typeof s.t === 'number' && Number.isFinite(s.t)).sort((a, b) => a.t - b.t);
  const out: DerivedSeries = {
    x: [],
    jitter_ms: [],
    loss_pct: [],
    rtt_ms: [],
    ice_rtt_ms: [],
    jitter_buffer_delay_ms: [],
    concealment_pct: [],
    audio_level: [],
    packets_received_per_s: [],
    packets_sent_per_s: [],
  };
  // The latest earlier sample that carried each report: a sample that lacks one (a missed
  // read) must not make the next Δ start from zero again.
  let lastInbound: AudioSample | undefined;
  let lastOutbound: AudioSample | undefined;
  let lastRemote: AudioSample | undefined;
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const prev = i > 0 ? sorted[i - 1] : undefined;
    out.x.push(Math.round((s.t + offsetS) * 1000) / 1000);
    out.ice_rtt_ms.push(finite(s.candidatePairRtt === undefined ? undefined : s.candidatePairRtt * 1000));
    out.rtt_ms.push(rtt(lastRemote?.remoteInbound, s.remoteInbound));
    if (s.remoteInbound) lastRemote = s;
    // a rate needs a start: the last sample with the report, or (before any report) the previous sample, when all was still 0
    const rateStart = (last: AudioSample | undefined) => (last ?? prev)?.t;
    const sentSince = rateStart(lastOutbound);
    const sent = s.outbound && sentSince !== undefined ? delta(s.outbound.packetsSent, lastOutbound ? lastOutbound.outbound!.packetsSent : 0) : null;
    out.packets_sent_per_s.push(ratio(sent, sentSince === undefined ? null : s.t - sentSince, 1));
    if (s.outbound) lastOutbound = s;
    const inbound = s.inbound;
    if (!inbound) {
      out.jitter_ms.push(null);
      out.loss_pct.push(null);
      out.jitter_buffer_delay_ms.push(null);
      out.concealment_pct.push(null);
      out.audio_level.push(null);
      // no inbound-rtp at all yet: nothing has arrived, which is a rate of 0 once there is an interval
      out.packets_received_per_s.push(!lastInbound && prev && s.t > prev.t ? 0 : null);
      continue;
    }
    out.jitter_ms.push(finite(inbound.jitter === undefined ? undefined : inbound.jitter * 1000));
    out.audio_level.push(finite(inbound.audioLevel));
    const before = base(lastInbound?.inbound, inbound, ZERO_INBOUND);
    const receivedSince = rateStart(lastInbound);
    const received = delta(inbound.packetsReceived, before?.packetsReceived);
    const lost = signedDelta(inbound.packetsLost, before?.packetsLost);
    out.packets_received_per_s.push(ratio(received, receivedSince === undefined ? null : s.t - receivedSince, 1));
    out.loss_pct.push(lost === null || received === null ? null : ratio(lost, lost + received, 100));
    out.jitter_buffer_delay_ms.push(ratio(delta(inbound.jitterBufferDelay, before?.jitterBufferDelay), delta(inbound.jitterBufferEmittedCount, before?.jitterBufferEmittedCount), 1000));
    out.concealment_pct.push(ratio(delta(inbound.concealedSamples, before?.concealedSamples), delta(inbound.totalSamplesReceived, before?.totalSamplesReceived), 100));
    lastInbound = s;
  }
  return out;
}
