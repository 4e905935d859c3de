/**
 * `platform.duplicate_terminate_once`: Meta retries webhooks and promises no de-duplication, so a
 * business can receive the same terminate twice. It must end and report the call once: exactly
 * one accepted `/call_metrics` and nothing after it, and no `/calls` terminate or reject once
 * the first terminate delivery was answered. Applies when the log shows a terminate sent to
 * the business more than once: a `duplicate` terminate webhook that got an HTTP answer, or a
 * terminate attempt after one answered 2xx. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { isForgedWebhook } from './isForgedWebhook.ts';
import { reportedOnceProblem } from './metricsOnceCheck.ts';
import { answeredOk, callsRequestsOf, describeRequest } from './platformLogRequests.ts';
import { sinceCreatedText } from './platformTimeText.ts';

const ID = 'platform.duplicate_terminate_once';

export function duplicateTerminateOnceCheck(log: PlatformLog): CheckResult {
  const terminates = log.webhooks.filter((w) => w.event === 'terminate' && !isForgedWebhook(w));
  const reached = terminates.flatMap((w) => w.attempts.filter((a) => a.status > 0).map((a) => ({ w, a })));
  const duplicated = terminates.some((w) => w.kind === 'duplicate' && w.attempts.some((a) => a.status > 0));
  const retriedAfterSuccess = terminates.some((w) => {
    const ok = w.attempts.findIndex(answeredOk);
    return ok >= 0 && ok < w.attempts.length - 1;
  });
  if (!duplicated && !retriedAfterSuccess) {
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'no terminate webhook was sent to the business twice (no duplicate terminate, none retried after a 2xx) (no verdict)' };
  }
  const trail = reached.map(({ w, a }) => `#${w.seq} ${w.kind} attempt ${a.attempt} at ${sinceCreatedText(log, a.startedAtMs)} → HTTP ${a.status}`).join(', ');
  const answeredAt = Math.min(...reached.filter(({ a }) => answeredOk(a)).map(({ a }) => a.startedAtMs + a.latencyMs));
  const problems: string[] = [];
  const reported = reportedOnceProblem(log);
  if (reported !== null) problems.push(reported);
  const again = Number.isFinite(answeredAt) ? callsRequestsOf(log, ['terminate', 'reject']).filter((r) => r.receivedAtMs > answeredAt) : [];
  if (again.length > 0) problems.push(`${again.map((r) => describeRequest(log, r)).join(', ')} after the first terminate delivery was answered at ${sinceCreatedText(log, answeredAt)}`);
  const intro = `the terminate webhook reached the business ${reached.length} times (${trail})`;
  if (problems.length > 0) return { id: ID, ok: false, severity: 'error', message: `${intro}; it must end and report the call once: ${problems.join('; ')}` };
  return { id: ID, ok: true, severity: 'error', message: `${intro}; the call was ended and reported once: one accepted /call_metrics, no /calls terminate or reject after the first delivery was answered` };
}
