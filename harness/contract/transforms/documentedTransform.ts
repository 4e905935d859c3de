/**
 * `documented`: behaves as the documentation's `transformRtcStats(stats)` script does,
 * defaults and gaps included, so a client that followed the page can be checked exactly as
 * it behaves. Our own code, written from the documented mapping (see call-metrics-api.md).
 * Pure: runs in the page.
 *
 * What it reproduces:
 *  - last report wins: it keeps the LAST inbound-rtp audio and the LAST remote-inbound-rtp
 *    audio report in iteration order, whichever receiver or SSRC that is;
 *  - `_sec` keys and getStats values copied as they are, including the running sums
 *    totalRoundTripTime → round_trip_time_sec and jitterBufferDelay → jitter_buffer_delay_sec;
 *  - no `audio_stats.call_ended_time`;
 *  - a missing report or field leaves its keys out (the script's undefined values vanish in
 *    JSON; this returns the JSON-equivalent object with those keys absent).
 *
 * How the surrounding client is modelled: the page tells the caller to fill call_id, reason,
 * subreason and both timestamps. A client that copied the script fills what it obviously has
 * (call_id, the two timestamps) and keeps the script's `end_call_reason: 'HangupCall'` and its
 * subreason — the default that ships in the script and that teams left in place. That is the
 * behaviour the harness must expose: 'HangupCall' is not one of the 22 enum values.
 */
import type { CallContext, StatsReportLike, TransformRtcStats } from './transformTypes.ts';
import { PLATFORM } from '../payloadFields.ts';

/** The script's starting values, which a copied client keeps unless it overwrites them. */
export const DOCUMENTED_SCRIPT_DEFAULTS = {
  end_call_reason: 'HangupCall',
  end_call_subreason: 'Conversation was finished',
  call_ended_time: 0,
  first_audio_packet_received_time: 0,
} as const;

type Report = Record<string, unknown>;

/** The script's audio_stats mapping: [payload key, report member], in the script's order. */
const INBOUND_KEYS: readonly (readonly [string, string])[] = [
  ['jitter_sec', 'jitter'],
  ['packets_lost', 'packetsLost'],
  ['packets_received', 'packetsReceived'],
];
const INBOUND_KEYS_AFTER_RTT: readonly (readonly [string, string])[] = [
  ['jitter_buffer_delay_sec', 'jitterBufferDelay'],
  ['concealed_samples', 'concealedSamples'],
  ['silent_concealed_samples', 'silentConcealedSamples'],
  ['total_samples_duration_sec', 'totalSamplesDuration'],
];

function copy(target: Record<string, unknown>, report: Report | undefined, keys: readonly (readonly [string, string])[]): void {
  if (!report) return;
  for (const [key, member] of keys) {
    const value = report[member];
    // JSON drops undefined members; NaN/Infinity would become null in JSON.stringify, as in the script.
    if (value !== undefined) target[key] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
  }
}

export const documentedTransform: TransformRtcStats = (stats: StatsReportLike, context: CallContext) => {
  let inbound: Report | undefined;
  let remoteInbound: Report | undefined;
  stats.forEach((report: Report) => {
    if (report?.type === 'inbound-rtp' && report.kind === 'audio') inbound = report;
    if (report?.type === 'remote-inbound-rtp' && report.kind === 'audio') remoteInbound = report;
  });
  const audioStats: Record<string, unknown> = {};
  copy(audioStats, inbound, INBOUND_KEYS);
  copy(audioStats, remoteInbound, [['round_trip_time_sec', 'totalRoundTripTime']]);
  copy(audioStats, inbound, INBOUND_KEYS_AFTER_RTT);
  return {
    platform: PLATFORM,
    call_id: context.callId,
    end_call_reason: DOCUMENTED_SCRIPT_DEFAULTS.end_call_reason,
    end_call_subreason: DOCUMENTED_SCRIPT_DEFAULTS.end_call_subreason,
    call_ended_time: context.callEndedTime,
    first_audio_packet_received_time: context.firstAudioPacketReceivedTime ?? DOCUMENTED_SCRIPT_DEFAULTS.first_audio_packet_received_time,
    audio_stats: audioStats,
  };
};
