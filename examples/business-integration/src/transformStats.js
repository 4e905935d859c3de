/**
 * The final getStats snapshot → the `/call_metrics` request body (call-metrics-api.md's field
 * table), each value as the W3C webrtc-stats definitions make it:
 *  - receive counters summed over EVERY inbound-rtp audio stream: after Meta's renegotiation
 *    the consumer's audio arrives on a second m-line with a new SSRC, and the first one stops;
 *  - averages from running sums: jitterBufferDelay / jitterBufferEmittedCount, and
 *    totalRoundTripTime / roundTripTimeMeasurements (the docs' script copies the sums);
 *  - milliseconds where the field name says `_ms` (getStats reports seconds);
 *  - `jitter` in seconds, as getStats reports it, from the stream playing last;
 *  - a negative packetsLost (duplicates outnumbered losses) counts 0 for that stream;
 *  - timestamps in whole Unix SECONDS.
 */
import { hasBug } from './bugs.js';

/**
 * @typedef {object} CallOutcome
 * @property {string} callId
 * @property {string} reason one of the documented end_call_reason values
 * @property {string} subreason free text: what exactly happened
 * @property {number} endedAtMs when the business learned of the end, ms since the epoch
 * @property {number | null} firstAudioAtMs when the first audio packet arrived, ms since the epoch; null = never
 */

/** @param {unknown} v @returns {number} a finite number, else 0 */
function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/** @param {number} v @param {number} digits */
function round(v, digits) {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * Unix seconds; the `ms-timestamps` bug variant sends the milliseconds instead.
 * @param {number} ms
 */
function timestamp(ms) {
  return hasBug('ms-timestamps') ? Math.floor(ms) : Math.floor(ms / 1000);
}

/**
 * @param {Record<string, any>[]} stats the final snapshot, one dict per report
 * @param {CallOutcome} outcome
 * @returns {Record<string, any>} the call_metrics request body
 */
export function transformStats(stats, outcome) {
  const isAudio = (/** @type {Record<string, any>} */ s) => s.kind === 'audio' || s.mediaType === 'audio';
  const inbound = stats.filter((s) => s.type === 'inbound-rtp' && isAudio(s));
  const sum = (/** @type {string} */ field) => inbound.reduce((total, s) => total + num(s[field]), 0);

  // jitter is a current estimate, not a counter: take the stream that received last
  const playing = inbound.reduce((/** @type {Record<string, any> | null} */ best, s) => (!best || num(s.lastPacketReceivedTimestamp) > num(best.lastPacketReceivedTimestamp) ? s : best), null);
  const emitted = sum('jitterBufferEmittedCount');
  const concealed = sum('concealedSamples');

  const remote = stats.filter((s) => s.type === 'remote-inbound-rtp' && isAudio(s));
  const rttMeasurements = remote.reduce((total, s) => total + num(s.roundTripTimeMeasurements), 0);
  let rttSec = rttMeasurements > 0 ? remote.reduce((total, s) => total + num(s.totalRoundTripTime), 0) / rttMeasurements : 0;
  if (rttMeasurements === 0) {
    // no RTCP round trip measured yet (a short call): the selected ICE pair's STUN round trip, same path
    const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = stats.find((s) => s.type === 'candidate-pair' && (transport ? s.id === transport.selectedCandidatePairId : s.nominated && s.state === 'succeeded'));
    if (pair && num(pair.responsesReceived) > 0) rttSec = num(pair.totalRoundTripTime) / num(pair.responsesReceived);
    else if (pair) rttSec = num(pair.currentRoundTripTime);
  }

  const endedAt = timestamp(outcome.endedAtMs);
  return {
    platform: 'messenger',
    call_id: outcome.callId,
    end_call_reason: outcome.reason,
    end_call_subreason: outcome.subreason,
    call_ended_time: endedAt,
    first_audio_packet_received_time: outcome.firstAudioAtMs === null ? 0 : timestamp(outcome.firstAudioAtMs),
    audio_stats: {
      call_ended_time: endedAt,
      jitter: playing ? round(Math.max(0, num(playing.jitter)), 6) : 0,
      packets_lost: inbound.reduce((total, s) => total + Math.max(0, num(s.packetsLost)), 0),
      packets_received: sum('packetsReceived'),
      round_trip_time_ms: round(rttSec * 1000, 3),
      jitter_buffer_delay_ms: emitted > 0 ? round((sum('jitterBufferDelay') / emitted) * 1000, 3) : 0,
      concealed_samples: concealed,
      silent_concealed_samples: Math.min(sum('silentConcealedSamples'), concealed),
      total_samples_duration_ms: round(sum('totalSamplesDuration') * 1000, 3),
    },
  };
}
