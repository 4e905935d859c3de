/**
 * `platform.call_ended_time`: the documentation defines `call_ended_time` as "when the business
 * received the hangup webhook, or got a success response to its terminate request". The
 * platform log shows both moments; the payload must name that second. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { MAX_UNIX_SECONDS } from '../../contract/payloadFields.ts';
import { isForgedWebhook } from './isForgedWebhook.ts';
import { judgedMetricsPayloads } from './judgedMetricsPayloads.ts';
import { answeredOk, callsRequestsOf } from './platformLogRequests.ts';
import { sinceCreatedText, unixSecondsText } from './platformTimeText.ts';

const ID = 'platform.call_ended_time';
/**
 * Allowed distance from the expected second, s: a client may round where we floor, and the
 * business's clock reads the moment a few ms after the platform's record of it.
 */
export const CALL_ENDED_TOLERANCE_S = 1;

export interface BusinessLearnedOfEnd {
  /** ms since the epoch, platform clock */
  atMs: number;
  /** what happened then, for the message */
  what: string;
}

/**
 * When the business learned that the call had ended: the start of the first 2xx-answered
 * attempt of a terminate webhook that is not forged (the request reached the business then;
 * its answer came `latencyMs` later), or the answer to its own `/calls` terminate or reject
 * that succeeded — the earliest of these at or after the platform ended the call
 * (`state.endedAtMs`). Undefined when the call has not ended or the log shows neither.
 */
export function businessLearnedOfEnd(log: PlatformLog): BusinessLearnedOfEnd | undefined {
  const endedAtMs = log.state.endedAtMs;
  if (endedAtMs === null) return undefined;
  const moments: BusinessLearnedOfEnd[] = [];
  for (const w of log.webhooks) {
    if (w.event !== 'terminate' || isForgedWebhook(w)) continue;
    const delivered = w.attempts.find(answeredOk);
    if (delivered) {
      moments.push({ atMs: delivered.startedAtMs, what: `the business received the ${w.kind} terminate webhook #${w.seq} (attempt ${delivered.attempt}, answered HTTP ${delivered.status})` });
    }
  }
  for (const r of callsRequestsOf(log, ['terminate', 'reject'])) {
    if (answeredOk(r) && r.answeredAtMs !== null) moments.push({ atMs: r.answeredAtMs, what: `the business got HTTP ${r.status} to its /calls ${r.action}` });
  }
  return moments.filter((m) => m.atMs >= endedAtMs).sort((a, b) => a.atMs - b.atMs)[0];
}

export function callEndedTimeCheck(log: PlatformLog): CheckResult {
  const end = businessLearnedOfEnd(log);
  if (!end) {
    const why = log.state.endedAtMs === null ? 'the call has not ended on the platform (state.endedAtMs is null)' : 'the log has no terminate webhook answered 2xx and no successful /calls terminate or reject';
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `${why}, so nothing says when the business learned of the end (no verdict)` };
  }
  const payloads = judgedMetricsPayloads(log);
  if (payloads.length === 0) {
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'no /call_metrics request with a JSON or form body in the platform log, so no call_ended_time to compare (no verdict)' };
  }
  const expectedS = Math.floor(end.atMs / 1000);
  const reference = `${expectedS} ±${CALL_ENDED_TOLERANCE_S} s, the second ${end.what} (${unixSecondsText(end.atMs)} s Unix, ${sinceCreatedText(log, end.atMs)})`;
  const wrong: string[] = [];
  const right: string[] = [];
  const unread: string[] = [];
  for (const { payload, number } of payloads) {
    const audio = payload.audio_stats;
    const fields: [string, unknown][] = [['call_ended_time', payload.call_ended_time]];
    if (audio !== null && typeof audio === 'object' && 'call_ended_time' in audio) fields.push(['audio_stats.call_ended_time', (audio as Record<string, unknown>).call_ended_time]);
    const found = fields.flatMap(([path, value]) => {
      // a value in another unit or of another type is the contract checks' finding (one bug, one failed check)
      if (typeof value !== 'number' || value > MAX_UNIX_SECONDS) {
        unread.push(`/call_metrics #${number} ${path} ${JSON.stringify(value) ?? 'absent'}`);
        return [];
      }
      const apart = value - expectedS;
      if (Math.abs(apart) > CALL_ENDED_TOLERANCE_S) return [`${path} ${value} s (${Math.abs(apart)} s ${apart < 0 ? 'early' : 'late'})`];
      right.push(`${path} ${value} s`);
      return [];
    });
    if (found.length > 0) wrong.push(`/call_metrics #${number}: ${found.join(', ')}`);
  }
  if (wrong.length > 0) return { id: ID, ok: false, severity: 'error', message: `${wrong.join('; ')}; expected ${reference}` };
  if (right.length === 0) {
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `${unread.join('; ')}: not Unix seconds, so nothing to compare with ${reference} (contract.schema and contract.timestamps.seconds judge the value) (no verdict)` };
  }
  return { id: ID, ok: true, severity: 'error', message: `${[...new Set(right)].join(', ')}; expected ${reference}` };
}
