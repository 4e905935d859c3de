/**
 * When the Graph client tries a request again. Only what cannot have been acted on, or is safe
 * to repeat, is retried:
 *  - a Graph error the platform marks transient (`is_transient`, or codes 1, 2, 4, 17, 32, 613:
 *    unknown, service, throttling): the platform said "not now", whatever the operation;
 *  - HTTP 429 or 503 without an envelope: refused, not acted on;
 *  - a refused connection (ECONNREFUSED): the request never arrived;
 *  - for a read (`GET …/messenger_call_permissions`) also a timeout, a reset or another 5xx.
 * A `/calls` or `/messages` POST that timed out, was reset or got another 5xx is not retried:
 * the platform may have accepted the call or placed it, and a second accept is refused ("Call
 * already accepted") while the answer SDP of the first is lost, a second connect could ring the
 * consumer twice, a second opt-in request spends one of the 2 a day. It fails at once, typed
 * (GraphRequestError, Signaling_Message_Failed for `/calls`). Permanent errors (invalid
 * parameter, permission, wrong state) are never retried.
 * Waits: capped exponential backoff with full jitter from a seeded stream (the submitter's
 * backoffDelayMs), so a test run retries at the same moments every time.
 */
import { TRANSIENT_GRAPH_CODES } from '../contract/businessSubcodes.ts';
import type { GraphFailure } from './graphRequestError.ts';

export const GRAPH_CLIENT_DEFAULTS = {
  /** one attempt without an answer is abandoned after this, ms (well inside accept's 60 s) */
  requestTimeoutMs: 5000,
  /** attempts at most, the first included */
  maxAttempts: 3,
  /** backoff cap before the 2nd attempt, ms; doubles per retry */
  baseDelayMs: 200,
  /** largest backoff cap, ms */
  maxDelayMs: 2000,
  /** the Graph version in the path: the reference pages' current one */
  graphVersion: 'v26.0',
} as const;

/** Whether Graph's answer says the failure is transient (retrying later may succeed). */
export function isTransientAnswer(status: number, code: number | undefined, isTransientFlag: boolean | undefined): boolean {
  if (isTransientFlag !== undefined) return isTransientFlag;
  if (code !== undefined) return TRANSIENT_GRAPH_CODES.includes(code);
  return status === 429 || status >= 500;
}

export interface RetryFacts {
  failure: GraphFailure;
  status: number;
  /** the failure's transience as isTransientAnswer read it (graph_error, http_status) */
  isTransient: boolean;
  /** the connection was refused: the request never arrived */
  refused: boolean;
  /** a read that changes nothing on the platform */
  idempotent: boolean;
}

export function shouldRetry(f: RetryFacts): boolean {
  switch (f.failure) {
    case 'graph_error':
      return f.isTransient;
    case 'http_status':
      return f.status === 429 || f.status === 503 || (f.idempotent && f.status >= 500);
    case 'network':
      return f.refused || f.idempotent;
    case 'timeout':
      return f.idempotent;
    case 'unsuccessful':
    case 'invalid_reply':
      return false;
  }
}
