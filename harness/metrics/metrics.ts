/**
 * The closed list of metrics a threshold can name. Each yields at most one value per call,
 * computed from results.json alone (so `callsoak report` can re-evaluate an old run); a
 * threshold then aggregates the values of the calls it selects (avg, p(95), ...). A metric
 * with no value for a call (no media, no RTCP yet, no accepted submission) skips that call.
 * A summarized call (a long soak's) carries the values computed from its full record.
 * Names carry their unit. Pure.
 */
import { isSummarized, type CallEntry, type CallResult } from '../results/resultsTypes.ts';
import { METRIC_NAMES, type MetricName } from '../results/metricNames.ts';
import { deriveSeries } from './deriveSeries.ts';
import { finalAudio } from './finalAudio.ts';

export type MetricUnit = 'ms' | 's' | '%' | 'count';

export interface MetricDefinition {
  /** unit of every value, also the suffix of the name */
  unit: MetricUnit;
  /** what it measures, one line */
  description: string;
  /** how the per-call value is computed from results.json, and when a call has none */
  computed: string;
  /** the call's value; undefined when the call has none */
  value: (call: CallResult) => number | undefined;
}

/** Opus at 20 ms per packet, the harness's codec: used to date the first packet. */
const PACKET_MS = 20;

const num = (v: number | undefined | null): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const pct = (part: number | undefined, whole: number | undefined) => (part !== undefined && whole !== undefined && whole > 0 ? (part / whole) * 100 : undefined);

function present(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

function firstAccepted(call: CallResult) {
  return (call.submissions ?? []).find((a) => a.status >= 200 && a.status < 300);
}

function setupMs(call: CallResult): number | undefined {
  const first = (call.samples ?? []).find((s) => (s.inbound?.packetsReceived ?? 0) > 0);
  const inbound = first?.inbound;
  if (!first || !inbound?.packetsReceived) return undefined;
  // the sample's own time minus the age of the newest packet, minus one ptime per older packet
  const sinceLast = num(first.timestampMs) !== undefined && num(inbound.lastPacketReceivedTimestamp) !== undefined ? first.timestampMs! - inbound.lastPacketReceivedTimestamp! : 0;
  return Math.max(0, first.t * 1000 - Math.max(0, sinceLast) - (inbound.packetsReceived - 1) * PACKET_MS);
}

function relayDroppedPct(call: CallResult): number | undefined {
  let offered = 0;
  let dropped = 0;
  for (const leg of Array.isArray(call.legs) ? call.legs : []) {
    const l = leg as { kind?: unknown; direction?: unknown; offered?: unknown; dropped?: { loss?: unknown; queue?: unknown; blackout?: unknown } };
    if (l.kind !== 'rtp') continue;
    // each packet enters the relay once, on its sender's uplink; it may be dropped there or on the receiver's downlink
    if (l.direction === 'up' && typeof l.offered === 'number') offered += l.offered;
    for (const cause of [l.dropped?.loss, l.dropped?.queue, l.dropped?.blackout]) if (typeof cause === 'number') dropped += cause;
  }
  return pct(dropped, offered);
}

const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);

export const METRICS = {
  'audio.jitter_ms': {
    unit: 'ms',
    description: 'interarrival jitter of the audio the business received (RFC 3550)',
    computed: 'mean of the per-second samples of inbound-rtp jitter × 1000; none when no sample had inbound-rtp',
    value: (call) => {
      const v = present(deriveSeries(call.samples ?? []).jitter_ms);
      return v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined;
    },
  },
  'audio.jitter_max_ms': {
    unit: 'ms',
    description: 'the worst second of jitter',
    computed: 'max of the per-second samples of inbound-rtp jitter × 1000; none when no sample had inbound-rtp',
    value: (call) => {
      const v = present(deriveSeries(call.samples ?? []).jitter_ms);
      return v.length ? Math.max(...v) : undefined;
    },
  },
  'audio.remote_jitter_ms': {
    unit: 'ms',
    description: 'interarrival jitter of the business\'s audio as the consumer received it (its RTCP receiver reports)',
    computed: 'mean of the per-second samples of remote-inbound-rtp jitter × 1000; none before the first receiver report',
    value: (call) => {
      const v = (call.samples ?? []).map((s) => num(s.remoteInbound?.jitter)).filter((x): x is number => x !== undefined);
      return v.length ? (v.reduce((a, b) => a + b, 0) / v.length) * 1000 : undefined;
    },
  },
  'audio.loss_pct': {
    unit: '%',
    description: 'audio packets lost on the way to the business',
    computed: 'final inbound-rtp max(0, packetsLost) / (max(0, packetsLost) + packetsReceived) × 100; none without inbound-rtp',
    value: (call) => {
      const i = finalAudio(call).inbound;
      const lost = Math.max(0, num(i?.packetsLost) ?? 0);
      const received = num(i?.packetsReceived);
      return received === undefined ? undefined : (pct(lost, lost + received) ?? 0);
    },
  },
  'audio.rtt_ms': {
    unit: 'ms',
    description: 'RTCP round-trip time of the business\'s outgoing audio',
    computed: 'final remote-inbound-rtp totalRoundTripTime / roundTripTimeMeasurements × 1000 (roundTripTime × 1000 without the totals); none before the first receiver report',
    value: (call) => {
      const r = finalAudio(call).remoteInbound;
      const total = num(r?.totalRoundTripTime);
      const count = num(r?.roundTripTimeMeasurements);
      if (total !== undefined && count !== undefined && count > 0) return (total / count) * 1000;
      return ms(num(r?.roundTripTime));
    },
  },
  'audio.jitter_buffer_delay_ms': {
    unit: 'ms',
    description: 'average time an audio sample waited in the jitter buffer',
    computed: 'final inbound-rtp jitterBufferDelay / jitterBufferEmittedCount × 1000; none before any sample was played out',
    value: (call) => {
      const i = finalAudio(call).inbound;
      const count = num(i?.jitterBufferEmittedCount);
      const delay = num(i?.jitterBufferDelay);
      return delay !== undefined && count !== undefined && count > 0 ? (delay / count) * 1000 : undefined;
    },
  },
  'audio.concealment_pct': {
    unit: '%',
    description: 'share of played audio that was synthesized to hide loss or lateness',
    computed: 'final inbound-rtp concealedSamples / totalSamplesReceived × 100; none before any sample was received',
    value: (call) => {
      const i = finalAudio(call).inbound;
      return pct(num(i?.concealedSamples) ?? 0, num(i?.totalSamplesReceived));
    },
  },
  'audio.packets_received': {
    unit: 'count',
    description: 'audio RTP packets the business received',
    computed: 'final inbound-rtp packetsReceived; 0 when no inbound-rtp report exists (no packet arrived)',
    value: (call) => num(finalAudio(call).inbound?.packetsReceived) ?? 0,
  },
  'audio.packets_lost': {
    unit: 'count',
    description: 'audio RTP packets lost on the way to the business (negative with duplicates)',
    computed: 'final inbound-rtp packetsLost as reported; none without inbound-rtp',
    value: (call) => num(finalAudio(call).inbound?.packetsLost),
  },
  'audio.playout_s': {
    unit: 's',
    description: 'audio the business played out',
    computed: 'final inbound-rtp totalSamplesDuration; 0 when no inbound-rtp report exists',
    value: (call) => num(finalAudio(call).inbound?.totalSamplesDuration) ?? 0,
  },
  'submission.latency_ms': {
    unit: 'ms',
    description: 'time from the end of the call to the endpoint receiving the submission it accepted',
    computed: 'receivedAtMs of the first 2xx attempt − endedAtMs; none when no attempt was accepted',
    value: (call) => {
      const accepted = num(firstAccepted(call)?.receivedAtMs);
      const ended = num(call.endedAtMs);
      return accepted !== undefined && ended !== undefined ? accepted - ended : undefined;
    },
  },
  'submission.attempts': {
    unit: 'count',
    description: 'POST requests the endpoint received for the call, retries included',
    computed: 'length of submissions; 0 when the agent never submitted',
    value: (call) => (call.submissions ?? []).length,
  },
  'call.setup_ms': {
    unit: 'ms',
    description: 'time from the agent\'s call step to the first audio packet the business received',
    computed: `estimated from the first sample with packets: its t × 1000, minus the age of its newest packet, minus ${PACKET_MS} ms per earlier packet; none when no audio arrived`,
    value: setupMs,
  },
  'call.duration_s': {
    unit: 's',
    description: 'how long the harness spent on the call, set-up included',
    computed: '(endedAtMs − startedAtMs) / 1000; none when either is missing',
    value: (call) => {
      const started = num(call.startedAtMs);
      const ended = num(call.endedAtMs);
      return started !== undefined && ended !== undefined ? (ended - started) / 1000 : undefined;
    },
  },
  'checks.failed': {
    unit: 'count',
    description: 'failed checks of severity error (warnings do not count)',
    computed: 'number of checks with ok false and severity error',
    value: (call) => (call.checks ?? []).filter((c) => !c.ok && c.severity === 'error').length,
  },
  'relay.dropped_pct': {
    unit: '%',
    description: 'RTP datagrams the relay dropped (its ground truth, not the browser\'s view)',
    computed: 'Σ dropped (loss + queue + blackout) over the call\'s RTP legs / Σ offered on its RTP uplinks (where each packet enters the relay) × 100; none without relay legs',
    value: relayDroppedPct,
  },
} as const satisfies Record<MetricName, MetricDefinition>;

export { METRIC_NAMES, type MetricName };

export function isMetricName(name: string): name is MetricName {
  return Object.hasOwn(METRICS, name);
}

/** One metric's value for a call, in full or summarized; undefined when the call has none. */
export function metricValue(call: CallEntry, name: MetricName): number | undefined {
  if (isSummarized(call)) return call.summarized.metrics[name];
  const definition: MetricDefinition = METRICS[name];
  const value = definition.value(call);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Every metric's value for one call, in full or summarized; absent keys have no value. */
export function metricValues(call: CallEntry): Partial<Record<MetricName, number>> {
  const out: Partial<Record<MetricName, number>> = {};
  for (const name of METRIC_NAMES) {
    const value = metricValue(call, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
