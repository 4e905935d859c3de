/**
 * `spec`: what a correct client sends — the field table's names and units, averages where
 * the table means an average, `audio_stats.call_ended_time`, and an explicit value for
 * everything the snapshot lacks. How each value is read from the snapshot is decided in
 * audioFacts.ts; this module decides units and what to send when a fact is missing.
 * Pure: runs in the page, where a real client would run it.
 *
 * Choices (see harness/contract/README.md):
 *  - `jitter` in seconds, as getStats reports it (see payloadFields.ts for why);
 *  - `round_trip_time_ms` = Σ totalRoundTripTime / Σ roundTripTimeMeasurements × 1000 —
 *    Δsum/Δcount over the whole call, whose counters start at 0;
 *  - `jitter_buffer_delay_ms` = Σ jitterBufferDelay / Σ jitterBufferEmittedCount × 1000;
 *  - `total_samples_duration_ms` = Σ totalSamplesDuration × 1000;
 *  - floats rounded to 0.001 ms (1 µs; jitter to 1e-6 s): finer digits are float noise;
 *  - no inbound-rtp (no media) → every receive counter 0; no audio played out → delay 0;
 *    no RTCP RTT yet → the ICE pair's STUN RTT, else 0 — each case reported as a note;
 *  - negative packetsLost → 0 for that SSRC, reported as a note, never sent negative;
 *  - no first audio packet → first_audio_packet_received_time 0 (noted).
 */
import type { CallContext, StatsReportLike, TransformNote, TransformRtcStats } from './transformTypes.ts';
import { extractAudioFacts } from './audioFacts.ts';
import { MAX_UNIX_SECONDS, PLATFORM } from '../payloadFields.ts';
import type { CallMetricsPayload, TableAudioStats } from '../payloadSchema.ts';

export interface SpecTransformResult {
  /** the request body, valid under the table variant whenever the context is */
  payload: CallMetricsPayload;
  /** what the snapshot lacked or got wrong, and what was sent instead */
  notes: TransformNote[];
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Number.isFinite(rounded) ? rounded : value;
}

/** Integral and non-negative; counters summed from a snapshot normally already are. */
function count(value: number, field: string, notes: TransformNote[]): number {
  if (Number.isInteger(value) && value >= 0) return value;
  const fixed = Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
  notes.push({ field, message: `the stats give ${value}, not a non-negative integer; sent ${fixed}` });
  return fixed;
}

/** Unix seconds as an integer; a millisecond value is converted, a non-value becomes 0. */
function unixSeconds(value: number | null, field: string, notes: TransformNote[]): number {
  if (value === null) return 0;
  if (!Number.isFinite(value) || value < 0) {
    notes.push({ field, message: `the call context gives ${value}, not a Unix timestamp; sent 0` });
    return 0;
  }
  if (value > MAX_UNIX_SECONDS) {
    const seconds = Math.floor(value / 1000);
    if (seconds > MAX_UNIX_SECONDS) {
      notes.push({ field, message: `the call context gives ${value}, too large even for milliseconds; sent 0` });
      return 0;
    }
    notes.push({ field, message: `the call context gives ${value}, which is milliseconds; sent ${seconds} s` });
    return seconds;
  }
  if (!Number.isInteger(value)) notes.push({ field, message: `the call context gives ${value}; sent whole seconds ${Math.floor(value)}` });
  return Math.floor(value);
}

/** The spec payload and the notes explaining every value that needed a decision. */
export function specTransformWithNotes(stats: StatsReportLike, context: CallContext): SpecTransformResult {
  const facts = extractAudioFacts(stats);
  const notes: TransformNote[] = [...facts.notes];
  const r = facts.receiver;
  const callEnded = unixSeconds(context.callEndedTime, 'call_ended_time', notes);
  if (context.firstAudioPacketReceivedTime === null) {
    notes.push({ field: 'first_audio_packet_received_time', message: 'no audio packet ever arrived; sent 0' });
  }
  const firstAudio = unixSeconds(context.firstAudioPacketReceivedTime, 'first_audio_packet_received_time', notes);

  const concealed = count(r?.concealedSamples ?? 0, 'audio_stats.concealed_samples', notes);
  let silent = count(r?.silentConcealedSamples ?? 0, 'audio_stats.silent_concealed_samples', notes);
  if (silent > concealed) {
    // silentConcealedSamples is a subset of concealedSamples; a report saying otherwise is broken.
    notes.push({ field: 'audio_stats.silent_concealed_samples', message: `the stats give silentConcealedSamples ${silent} > concealedSamples ${concealed}; sent ${concealed}` });
    silent = concealed;
  }
  let delayMs = 0;
  if (r && r.jitterBufferEmittedCount > 0) {
    delayMs = round((r.jitterBufferDelay / r.jitterBufferEmittedCount) * 1000, 3);
  } else if (r) {
    notes.push({ field: 'audio_stats.jitter_buffer_delay_ms', message: 'jitterBufferEmittedCount is 0 (no audio was played out); sent 0' });
  }

  const audio: TableAudioStats = {
    call_ended_time: callEnded,
    jitter: r?.jitter != null ? round(r.jitter, 6) : 0,
    packets_lost: count(r?.packetsLost ?? 0, 'audio_stats.packets_lost', notes),
    packets_received: count(r?.packetsReceived ?? 0, 'audio_stats.packets_received', notes),
    round_trip_time_ms: facts.rtt.averageSec === null ? 0 : round(facts.rtt.averageSec * 1000, 3),
    jitter_buffer_delay_ms: delayMs,
    concealed_samples: concealed,
    silent_concealed_samples: silent,
    total_samples_duration_ms: round((r?.totalSamplesDuration ?? 0) * 1000, 3),
  };
  const payload: CallMetricsPayload = {
    platform: PLATFORM,
    call_id: context.callId,
    // The agent's decision is passed on as is: if it is not one of the 22 values, the
    // contract check says so rather than this transform hiding it behind 'Unknown'.
    end_call_reason: context.endCallReason as CallMetricsPayload['end_call_reason'],
    end_call_subreason: context.endCallSubreason,
    call_ended_time: callEnded,
    first_audio_packet_received_time: firstAudio,
    audio_stats: audio,
  };
  return { payload, notes };
}

/** `spec` as a plain transform: the payload of specTransformWithNotes. */
export const specTransform: TransformRtcStats = (stats, context) =>
  specTransformWithNotes(stats, context).payload as unknown as Record<string, unknown>;
