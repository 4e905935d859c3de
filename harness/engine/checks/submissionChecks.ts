/**
 * The submission checks of every call's report, computed from the endpoint's record of that
 * call (and, when the agent reported it, the submitter's own attempt log): exactly one accepted
 * submission, identical bodies on every retry, no retry after a permanent error, nothing after an
 * acceptance but the page-hide hand-off, time from call end to acceptance, and nothing lost.
 */
import { classifyResponse } from '../../agent/submitter/classifyResponse.ts';
import { PAGE_HIDE_MARKER, hasPageHideMarker } from '../../agent/submitter/pageHideMarker.ts';
import type { CheckResult, SubmissionAttempt } from '../../results/resultsTypes.ts';
import type { RequestRecord } from '../../endpoint/requestRecord.ts';

/** Default limit of `submission.latency_ms`, ms: the default submitter budget. */
export const DEFAULT_MAX_SUBMISSION_LATENCY_MS = 15_000;
/** More requests than this for one call is a submitter that does not stop (the default makes at most 5, plus a last-chance beacon). */
const MAX_ATTEMPTS = 10;
/** Allowance on top of the budget for the last request's own time, ms. */
const BUDGET_SLACK_MS = 5_000;

export interface SubmissionCheckInput {
  /** the call's records, in the record's order (Endpoint.requestsFor) */
  records: readonly RequestRecord[];
  /** when the call ended as the endpoint knows it (markCallEnded), ms since the Unix epoch */
  callEndedAtMs: number;
  /** the submitter's own view, when the agent reported it */
  client?: { accepted: boolean; attempts: readonly { outcome: string; status: number }[] };
  /** acceptance later than this after the call ended fails `submission.latency_ms`, ms; default 15000 */
  maxLatencyMs?: number;
}

function describe(r: RequestRecord): string {
  const code = r.outcome.graphCode === undefined ? '' : ` code ${r.outcome.graphCode}`;
  const fault = r.outcome.fault ? ` [${r.outcome.fault}]` : '';
  return `#${r.seq} HTTP ${r.outcome.status}${code}${fault}`;
}

/** A request answered with an error the client must not retry (already-submitted included). */
function isPermanent(r: RequestRecord): boolean {
  if (r.outcome.status === 0 || r.outcome.accepted) return false;
  const kind = classifyResponse(r.outcome.status, JSON.stringify(r.outcome.response)).outcome;
  return kind === 'permanent' || kind === 'already_submitted';
}

export function submissionChecks(input: SubmissionCheckInput): CheckResult[] {
  const posts = input.records.filter((r) => r.method === 'POST');
  const accepted = posts.filter((r) => r.outcome.accepted);
  const trail = posts.map(describe).join(', ') || 'no requests';
  const checks: CheckResult[] = [];

  checks.push({
    id: 'submission.accepted_once',
    ok: accepted.length === 1,
    severity: 'error',
    message:
      accepted.length === 1
        ? `one accepted submission (${describe(accepted[0] as RequestRecord)}) out of ${posts.length} request(s)`
        : `${accepted.length} accepted submissions, expected exactly 1 (${trail})`,
  });

  const shas = [...new Set(posts.map((r) => r.bodySha256).filter((s): s is string => s !== null))];
  checks.push({
    id: 'submission.identical_bodies',
    ok: shas.length <= 1,
    severity: 'error',
    message:
      shas.length <= 1
        ? `all ${posts.length} request(s) carried the same body bytes`
        : `retries carried ${shas.length} different bodies (SHA-256 ${shas.map((s) => s.slice(0, 12)).join(', ')}): one logical submission must resend the same bytes`,
  });

  const firstPermanent = posts.findIndex(isPermanent);
  const after = firstPermanent < 0 ? [] : posts.slice(firstPermanent + 1);
  const perm = posts[firstPermanent];
  checks.push({
    id: 'submission.no_retry_after_permanent',
    ok: after.length === 0,
    severity: 'error',
    message:
      after.length === 0
        ? perm
          ? `stopped after the permanent error ${describe(perm)}`
          : 'no permanent error was answered'
        : `${after.length} request(s) after the permanent error ${describe(perm as RequestRecord)}: ${after.map(describe).join(', ')}`,
  });

  checks.push(noRequestAfterAcceptedCheck(posts));

  checks.push(boundedCheck(posts));

  const limit = input.maxLatencyMs ?? DEFAULT_MAX_SUBMISSION_LATENCY_MS;
  const first = accepted[0];
  const latency = first ? first.receivedAtMs - input.callEndedAtMs : null;
  checks.push({
    id: 'submission.latency_ms',
    ok: latency !== null && latency <= limit,
    severity: 'warning',
    message:
      latency === null
        ? 'no accepted submission, so no time from call end to acceptance'
        : `accepted ${latency} ms after the call ended (limit ${limit} ms; endpoint arrival time minus the call's end)`,
  });

  const faults = [...new Set(posts.map((r) => r.outcome.fault).filter((f) => f !== undefined))];
  const faultWords = faults.length > 0 ? `; injected faults: ${faults.join(', ')}` : '';
  const clientSaysStored = input.client?.accepted === true;
  const lostByRecord = clientSaysStored && accepted.length === 0;
  checks.push({
    id: 'submission.nothing_lost',
    ok: accepted.length > 0 && !lostByRecord,
    severity: 'error',
    message: lostByRecord
      ? `the submitter reports it was accepted, but the endpoint's record has no accepted request (${trail})`
      : accepted.length > 0
        ? `stored after ${posts.length} request(s)${faultWords}`
        : `lost: never stored after ${posts.length} request(s) (${trail})${faultWords}${input.client ? `; the submitter gave up after ${input.client.attempts.length} attempt(s)` : ''}`,
  });
  return checks;
}

/**
 * After an acceptance the client heard, nothing more may be sent, with one exception: the body
 * handed to the browser from within `pagehide` while that attempt was still in flight (the page
 * could not know yet that it would succeed). That hand-off carries the page-hide marker and the
 * accepted request's bytes, and is answered "already submitted"; a page hides once, so one
 * marked request at most is a hand-off. Anything else is a second submission.
 * Only an acceptance the client heard obliges it to stop: after a lost answer (drop_after_accept)
 * a retry is right, and a hand-off's answer is never read by the page (a beacon's cannot be), so
 * when the hand-off overtook the attempt in flight and was stored first, that attempt is no
 * second submission either.
 */
function noRequestAfterAcceptedCheck(posts: readonly RequestRecord[]): CheckResult {
  const id = 'submission.no_request_after_accepted';
  const marked = posts.filter((r) => hasPageHideMarker(r.query));
  const handOff = marked[0];
  if (marked.length > 1) {
    const list = marked.map(describe).join(', ');
    return { id, ok: false, severity: 'error', message: `${marked.length} requests carry the page-hide marker (${list}): a page hides once, so only the first can be its hand-off` };
  }
  const heardAt = posts.findIndex((r) => r.outcome.accepted && r.outcome.status === 200 && r !== handOff);
  if (heardAt < 0) {
    const storedHandOff = handOff?.outcome.accepted ? handOff : undefined;
    return {
      id,
      ok: true,
      severity: 'error',
      message: storedHandOff
        ? `no acceptance reached the client: the one stored was its page-hide hand-off ${describe(storedHandOff)}, whose answer a page never reads`
        : 'no acceptance reached the client',
    };
  }
  const heard = posts[heardAt] as RequestRecord;
  const later = posts.slice(heardAt + 1);
  const excused = handOff && later.includes(handOff) && handOffMismatch(handOff, heard) === null ? handOff : undefined;
  const again = later.filter((r) => r !== excused);
  if (again.length === 0) {
    return {
      id,
      ok: true,
      severity: 'error',
      message: excused
        ? `nothing was submitted again after the accepted submission ${describe(heard)}: ${describe(excused)} was its page-hide hand-off (marked ${markerText()}, the same bytes, answered "already submitted")`
        : `nothing was sent after the accepted submission ${describe(heard)}`,
    };
  }
  const seen = again.map((r) => {
    const why =
      r === handOff
        ? handOffMismatch(r, heard)
        : looksLikeBeacon(r)
          ? `beacon-like but not marked ${markerText()}, so not taken for a page-hide hand-off`
          : null;
    return why === null ? describe(r) : `${describe(r)} (${why})`;
  });
  return {
    id,
    ok: false,
    severity: 'error',
    message: `submitted again after the accepted submission ${describe(heard)}: ${seen.join(', ')}; a submitter must stop at the first success${excused ? `. ${describe(excused)} was its page-hide hand-off and is not counted` : ''}`,
  };
}

const markerText = (): string => `${PAGE_HIDE_MARKER.param}=${PAGE_HIDE_MARKER.value}`;

/** Why the marked request `r` is not a page-hide hand-off of the accepted request; null when it is one. */
function handOffMismatch(r: RequestRecord, accepted: RequestRecord): string | null {
  if (r.bodySha256 !== accepted.bodySha256) return 'marked as a page-hide hand-off, but carried other bytes than the accepted submission';
  if (classifyResponse(r.outcome.status, JSON.stringify(r.outcome.response)).outcome !== 'already_submitted') return 'marked as a page-hide hand-off, but not answered "already submitted"';
  return null;
}

/** What sendBeacon sends for a string: text/plain, the token in the query (no headers). */
function looksLikeBeacon(r: RequestRecord): boolean {
  return r.tokenSource === 'query' && (r.headers['content-type'] ?? '').startsWith('text/plain');
}

/** The record of one call as results.json's `submissions`. */
export function toSubmissionAttempts(records: readonly RequestRecord[]): SubmissionAttempt[] {
  return records
    .filter((r) => r.method === 'POST')
    .map((r, i) => ({
      attempt: i + 1,
      status: r.outcome.status,
      response: r.outcome.response,
      receivedAtMs: r.receivedAtMs,
      latencyMs: r.handlingMs,
      body: r.body,
    }));
}

/** A submitter must stop: at most MAX_ATTEMPTS requests, all within the budget. */
export function boundedCheck(records: readonly RequestRecord[]): CheckResult {
  const posts = records.filter((r) => r.method === 'POST');
  const firstAt = posts[0]?.receivedAtMs;
  const spanMs = firstAt === undefined ? 0 : (posts.at(-1) as RequestRecord).receivedAtMs - firstAt;
  return {
    id: 'submission.bounded',
    ok: posts.length <= MAX_ATTEMPTS && spanMs <= DEFAULT_MAX_SUBMISSION_LATENCY_MS + BUDGET_SLACK_MS,
    severity: 'error',
    message:
      `${posts.length} request(s) over ${(spanMs / 1000).toFixed(1)} s; a submitter must give up within ${MAX_ATTEMPTS} attempts ` +
      `and ${(DEFAULT_MAX_SUBMISSION_LATENCY_MS + BUDGET_SLACK_MS) / 1000} s${posts.length > MAX_ATTEMPTS ? ' — this one keeps retrying' : ''}`,
  };
}
