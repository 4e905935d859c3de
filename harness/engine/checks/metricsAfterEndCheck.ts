/**
 * `platform.metrics_after_end`: the platform refuses metrics for a call "still in progress", so
 * a business must submit only after the call ended — after the terminate webhook reached it or
 * its own terminate succeeded, not at the local click. Every `/call_metrics` request must arrive
 * at or after the platform ended the call (`state.endedAtMs`), and none may be refused as still
 * in progress. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { describeRequest, metricsRequestsOf } from './platformLogRequests.ts';
import { sinceCreatedText } from './platformTimeText.ts';

const ID = 'platform.metrics_after_end';
/** how the Graph error reads, in the platform's words or the documentation's */
const IN_PROGRESS = /in progress/i;
/** of an answer quoted in a message, characters */
const QUOTE_CHARS = 160;

export function metricsAfterEndCheck(log: PlatformLog): CheckResult {
  const requests = metricsRequestsOf(log);
  if (requests.length === 0) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'no /call_metrics request in the platform log (no verdict)' };
  const endedAtMs = log.state.endedAtMs;
  const ended = endedAtMs === null ? 'the call never ended on the platform (state.endedAtMs is null)' : `the call ended at ${sinceCreatedText(log, endedAtMs)} (state.endedAtMs, ${log.state.endedBy ?? 'cause unknown'})`;
  const early = requests.flatMap((r, i) => {
    const before = endedAtMs === null ? 'while the call was in progress' : r.receivedAtMs < endedAtMs ? `${endedAtMs - r.receivedAtMs} ms before the call ended` : null;
    const refused = IN_PROGRESS.test(r.response) ? `refused as still in progress: ${r.response.slice(0, QUOTE_CHARS)}` : null;
    if (before === null && refused === null) return [];
    return [`${describeRequest(log, r, i + 1)}: ${[before, refused].filter((s) => s !== null).join(', ')}`];
  });
  if (early.length > 0) {
    return { id: ID, ok: false, severity: 'error', message: `${early.join('; ')}; ${ended}: metrics belong after the terminate webhook or a successful terminate` };
  }
  return { id: ID, ok: true, severity: 'error', message: `all ${requests.length} /call_metrics request(s) arrived at or after the end (first at ${sinceCreatedText(log, requests[0]!.receivedAtMs)}); ${ended}` };
}
