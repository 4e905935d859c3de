/**
 * Every error the embedded endpoint can answer, as Graph API error envelopes. One builder per
 * condition so the README's table, the server and the tests name the same status, code and
 * subcode. Statuses follow what Graph is seen to answer: 400 for parameter and OAuth errors
 * (with a `WWW-Authenticate` header for 190), 403 for throttling and permissions, 5xx only
 * for server failures. A client must classify by `code`, never by status alone.
 */
import { randomBytes } from 'node:crypto';
import { SUBCODE, type ThrottlingCode } from '../contract/businessSubcodes.ts';

/** The `error` object of a Graph error response. */
export interface GraphErrorBody {
  /** human-readable, prefixed `(#code)` as Graph does for numbered errors */
  message: string;
  /** `OAuthException` or `GraphMethodException` */
  type: string;
  /** Graph error code (100, 190, 4, …) */
  code: number;
  /** finer reason; see businessSubcodes.ts */
  error_subcode?: number;
  /** title of a dialog a client could show */
  error_user_title?: string;
  /** text a client could show; for payload errors, every problem found */
  error_user_msg?: string;
  /** Graph's hint that retrying later can succeed */
  is_transient?: boolean;
  /** identifier of this response, unique per error */
  fbtrace_id: string;
}

/** An error before it gets its trace id. */
export interface GraphError {
  /** HTTP status */
  status: number;
  error: Omit<GraphErrorBody, 'fbtrace_id'>;
  /** extra response headers (e.g. WWW-Authenticate) */
  headers?: Record<string, string>;
}

/** A fresh trace id: 12 URL-safe characters, like Graph's. */
export function newTraceId(): string {
  return randomBytes(9).toString('base64url');
}

/** The response body for `err`, with a trace id. */
export function errorEnvelope(err: GraphError, traceId: string): { error: GraphErrorBody } {
  return { error: { ...err.error, fbtrace_id: traceId } };
}

function param(message: string, subcode?: number, userTitle?: string, userMsg?: string): GraphError {
  return {
    status: 400,
    error: {
      message: `(#100) ${message}`,
      type: 'OAuthException',
      code: 100,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      ...(userTitle === undefined ? {} : { error_user_title: userTitle }),
      ...(userMsg === undefined ? {} : { error_user_msg: userMsg }),
    },
  };
}

function oauth(message: string, reason: string): GraphError {
  return {
    status: 400,
    error: { message, type: 'OAuthException', code: 190 },
    headers: { 'WWW-Authenticate': `OAuth "Facebook Platform" "${reason}" "${message}"` },
  };
}

export const graphErrors = {
  tokenMissing: (): GraphError =>
    oauth('An access token is required: send access_token as a parameter or an Authorization: Bearer header.', 'invalid_request'),
  tokenInvalid: (where: string): GraphError => oauth(`Invalid OAuth access token (from ${where}).`, 'invalid_token'),

  invalidPayload: (messages: readonly string[], variant: string): GraphError =>
    param(
      messages[0] ?? 'the payload is invalid',
      undefined,
      'Invalid call_metrics payload',
      `${messages.length} problem(s), checked against ${variant}: ${messages.slice(0, 10).join('; ')}${messages.length > 10 ? '; …' : ''}`,
    ),
  invalidJson: (line: number, column: number, detail: string): GraphError =>
    param(`the request body is not valid JSON: ${detail} at line ${line}, column ${column}`, SUBCODE.invalidJson),
  invalidUtf8: (byteOffset: number): GraphError =>
    param(`the request body is not valid UTF-8: bad byte sequence at byte ${byteOffset}`, SUBCODE.invalidUtf8),
  bodyTooLarge: (limit: number): GraphError => ({
    ...param(`the request body is larger than ${limit} bytes`, SUBCODE.bodyTooLarge),
    status: 413,
  }),
  unsupportedContentType: (contentType: string): GraphError =>
    param(
      `unsupported Content-Type ${JSON.stringify(contentType)}; send application/json, text/plain (JSON) or application/x-www-form-urlencoded`,
      SUBCODE.unsupportedContentType,
    ),

  pageNotFound: (pageId: string): GraphError => ({
    status: 400,
    error: {
      message: `Unsupported post request. Object with ID '${pageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: SUBCODE.pageNotFound,
    },
  }),
  callIdUnknown: (callId: string): GraphError =>
    param(`call_id ${JSON.stringify(callId)} is not a call of this page`, SUBCODE.callIdUnknown, 'Invalid call id'),
  outsideWindow: (why: string): GraphError =>
    param(`call metrics must be submitted within 24 hours of the end of the call: ${why}`, SUBCODE.outsideWindow, 'Outside the submission window'),
  callInProgress: (callId: string): GraphError =>
    param(`call ${JSON.stringify(callId)} is still in progress; submit its metrics after it ends`, SUBCODE.callInProgress, 'Call in progress'),
  alreadySubmitted: (callId: string): GraphError =>
    param(`metrics were already submitted for call ${JSON.stringify(callId)}`, SUBCODE.alreadySubmitted, 'Already submitted'),

  throttled: (code: ThrottlingCode, status = 403): GraphError => ({
    status,
    error: { message: THROTTLE_MESSAGES[code], type: 'OAuthException', code, is_transient: true },
  }),
  serverError: (status: number): GraphError =>
    status === 503
      ? { status, error: { message: '(#2) Service temporarily unavailable', type: 'OAuthException', code: 2, is_transient: true } }
      : { status, error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } },
  permissionDenied: (): GraphError => ({
    status: 403,
    error: {
      message: '(#10) Application does not have permission for this action: the app needs the calling capability and the Page must be eligible',
      type: 'OAuthException',
      code: 10,
    },
  }),

  unknownPath: (path: string): GraphError => ({
    status: 400,
    error: { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500 },
  }),
  unsupportedMethod: (method: string): GraphError =>
    param(`Unsupported ${method.toLowerCase()} request: call_metrics accepts POST only`),
};

const THROTTLE_MESSAGES: Record<ThrottlingCode, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
};
