/**
 * `platform.first_audio_after_delivery`: the business cannot have received consumer audio before
 * the network delivered any. The media edge records when it first forwarded a consumer audio
 * packet towards the business; `first_audio_packet_received_time` (whole Unix seconds) must not
 * name an earlier second. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { judgedMetricsPayloads } from './judgedMetricsPayloads.ts';
import { sinceCreatedText, unixSecondsText } from './platformTimeText.ts';

const ID = 'platform.first_audio_after_delivery';

export function firstAudioAfterDeliveryCheck(log: PlatformLog): CheckResult {
  const deliveredAtMs = log.edge.firstAudioToBusinessAtMs;
  if (deliveredAtMs === null) {
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'the edge forwarded no consumer audio to the business (edge.firstAudioToBusinessAtMs is null), so there is nothing to compare first_audio_packet_received_time with (no verdict)' };
  }
  // Payload seconds are truncated or rounded: the delivery's own second is the earliest allowed.
  const earliestS = Math.floor(deliveredAtMs / 1000);
  const delivered = `${earliestS}, the second the edge first forwarded consumer audio to the business (edge.firstAudioToBusinessAtMs ${unixSecondsText(deliveredAtMs)} s Unix, ${sinceCreatedText(log, deliveredAtMs)})`;
  const problems: string[] = [];
  const fine: string[] = [];
  const unread: string[] = [];
  for (const { payload, number } of judgedMetricsPayloads(log)) {
    const value = payload.first_audio_packet_received_time;
    if (typeof value !== 'number') unread.push(`/call_metrics #${number} has first_audio_packet_received_time ${JSON.stringify(value) ?? 'absent'}`);
    else if (value < earliestS) problems.push(`/call_metrics #${number}: first_audio_packet_received_time ${value} s${value === 0 ? ' (0 = "no audio")' : ''} is ${earliestS - value} s before ${delivered}; the business cannot have received audio before the network delivered it`);
    else fine.push(`first_audio_packet_received_time ${value} s`);
  }
  if (problems.length > 0) return { id: ID, ok: false, severity: 'error', message: problems.join('; ') };
  if (fine.length === 0) {
    const why = unread.length > 0 ? `${unread.join('; ')} (the schema checks report that)` : 'no /call_metrics request with a JSON or form body in the platform log';
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `${why}, so nothing to compare with ${delivered} (no verdict)` };
  }
  return { id: ID, ok: true, severity: 'error', message: `${[...new Set(fine)].join(', ')}: not before ${delivered}` };
}
