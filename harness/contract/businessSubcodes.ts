/**
 * The `error_subcode` values the embedded endpoint uses for call_metrics business errors.
 * Graph's public documentation names these errors but not their subcodes, so apart from 33
 * (Graph's own "object does not exist") the numbers are the harness's, chosen in a block
 * that real Graph subcodes do not use. Pure data with no imports: the in-page submitter
 * reads it too, to recognise "already submitted" after a lost response.
 */
export const SUBCODE = {
  /** the page id in the path is not the run's page (Graph's subcode for a missing object) */
  pageNotFound: 33,
  /** call_id names no call of this page */
  callIdUnknown: 9_800_001,
  /** submitted more than 24 hours after the call ended, or call_ended_time outside the window */
  outsideWindow: 9_800_002,
  /** the call has not ended yet */
  callInProgress: 9_800_003,
  /** an earlier submission for this call_id was accepted */
  alreadySubmitted: 9_800_004,
  /** the body is not JSON (the message gives line and column) */
  invalidJson: 9_800_010,
  /** the body is not UTF-8 (the message gives the byte offset) */
  invalidUtf8: 9_800_011,
  /** the body is larger than the endpoint's limit */
  bodyTooLarge: 9_800_012,
  /** the Content-Type is not one the endpoint reads */
  unsupportedContentType: 9_800_013,
} as const;

/**
 * Graph error codes a client should retry: 1 unknown, 2 service, 4 app throttling,
 * 17 user throttling, 32 page rate limit, 613 API rate limit.
 */
export const TRANSIENT_GRAPH_CODES: readonly number[] = [1, 2, 4, 17, 32, 613];

/** The throttling codes among them. */
export const THROTTLING_GRAPH_CODES = [4, 17, 32, 613] as const;
export type ThrottlingCode = (typeof THROTTLING_GRAPH_CODES)[number];
