/**
 * `platform.metrics_once`: the platform stores one report per call ("metrics already submitted"
 * otherwise). Exactly one `/call_metrics` request may be accepted (2xx), and none may follow
 * it; retries after a failed attempt are fine. One exception: a page that hid while its attempt
 * was in flight hands the same body to the browser, marked (pageHideMarker.ts); that hand-off,
 * answered "already submitted", is the same report, not a second one. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { answeredOk, describeRequest, metricsRequestsOf } from './platformLogRequests.ts';
import { hasPageHideMarker } from '../../agent/submitter/pageHideMarker.ts';

const ID = 'platform.metrics_once';

/**
 * What is wrong with the call's `/call_metrics` requests for "reported once", or null when it
 * was reported exactly once; also used by `platform.duplicate_terminate_once`.
 */
export function reportedOnceProblem(log: PlatformLog): string | null {
  const requests = metricsRequestsOf(log);
  const named = requests.map((r, i) => describeRequest(log, r, i + 1));
  const accepted = requests.flatMap((r, i) => (answeredOk(r) ? [i] : []));
  if (accepted.length === 0) return `no accepted /call_metrics submission among ${requests.length} request(s)${named.length ? `: ${named.join(', ')}` : ''}`;
  if (accepted.length > 1) return `${accepted.length} accepted /call_metrics submissions, expected exactly 1: ${accepted.map((i) => named[i]).join(', ')}`;
  const first = accepted[0]!;
  // the first marked request after the accepted one is the hiding page's hand-off of the same body
  const handOff = requests.findIndex((r, i) => i > first && hasPageHideMarker(r.query ?? {}) && r.body === requests[first]!.body);
  const after = named.slice(first + 1).filter((_, j) => first + 1 + j !== handOff);
  if (after.length > 0) return `${after.length} /call_metrics request(s) after the accepted ${named[first]}: ${after.join(', ')} — a second report of the same call`;
  return null;
}

export function metricsOnceCheck(log: PlatformLog): CheckResult {
  const problem = reportedOnceProblem(log);
  if (problem !== null) return { id: ID, ok: false, severity: 'error', message: problem };
  const requests = metricsRequestsOf(log);
  const at = requests.findIndex(answeredOk);
  return {
    id: ID,
    ok: true,
    severity: 'error',
    message: `one accepted /call_metrics submission (${describeRequest(log, requests[at]!, at + 1)})${at > 0 ? ` after ${at} failed attempt(s)` : ''}, nothing after it`,
  };
}
