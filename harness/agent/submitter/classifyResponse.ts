/**
 * What one answer from call_metrics means for the submitter (runs in the page). Classified by
 * Graph error code first, HTTP status second: Graph answers throttling with 4xx statuses, so a
 * client that treats every 4xx as final stops exactly when it should wait and retry.
 */
import { SUBCODE, TRANSIENT_GRAPH_CODES } from '../../contract/businessSubcodes.ts';

/** How an attempt ended. */
export type AttemptOutcome =
  /** `{"success": true}`: stored */
  | 'accepted'
  /** worth retrying: 5xx, throttling, `{"success": false}`, an answer that is not Graph's */
  | 'transient'
  /** final: invalid payload (100), token (190), permissions (10, 200–299), unknown call… */
  | 'permanent'
  /** Graph says the call's metrics were already stored (final; success if an earlier attempt was lost) */
  | 'already_submitted'
  /** no answer within the request timeout */
  | 'timeout'
  /** the connection failed or was reset */
  | 'network'
  /** the page was going away: the body was handed to sendBeacon / a keepalive fetch, answer unknown */
  | 'handed_off';

export interface Classified {
  outcome: AttemptOutcome;
  /** Graph error code, when the answer carried one */
  graphCode?: number;
  graphSubcode?: number;
  /** the error message, or a short description of a non-Graph answer */
  message?: string;
}

/**
 * @param status HTTP status of the answer
 * @param bodyText the answer's body as text
 */
export function classifyResponse(status: number, bodyText: string): Classified {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof obj.error === 'object' && obj.error !== null ? (obj.error as Record<string, unknown>) : null;
  if (status >= 200 && status < 300 && obj.success === true && !error) return { outcome: 'accepted' };
  if (error && typeof error.code === 'number') {
    const graphCode = error.code;
    const graphSubcode = typeof error.error_subcode === 'number' ? error.error_subcode : undefined;
    const found = { graphCode, ...(graphSubcode === undefined ? {} : { graphSubcode }), message: String(error.message ?? '') };
    if (graphCode === 100 && graphSubcode === SUBCODE.alreadySubmitted) return { outcome: 'already_submitted', ...found };
    if (TRANSIENT_GRAPH_CODES.includes(graphCode) || error.is_transient === true) return { outcome: 'transient', ...found };
    return { outcome: 'permanent', ...found };
  }
  // `{"success": false}` says "not stored" and nothing more. Retrying cannot create a second
  // record (the endpoint refuses a second accepted submission for a call), so it is retried.
  if (status >= 200 && status < 300) return { outcome: 'transient', message: `HTTP ${status} without success: ${bodyText.slice(0, 80)}` };
  if (status >= 500 || status === 429 || status === 408) return { outcome: 'transient', message: `HTTP ${status}` };
  return { outcome: 'permanent', message: `HTTP ${status}: ${bodyText.slice(0, 80)}` };
}
