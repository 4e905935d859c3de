/**
 * Every error the emulated calling platform answers, in ONE table: HTTP status, Graph code and
 * subcode per condition. Meta documents the messages of the calling errors but no numbers, so
 * apart from Graph's own generic codes (100 parameter, 10 permission, 190 token, 2500 path,
 * 2200 callback verification, subcode 33 missing object) the subcodes are the harness's, in a
 * block (9 810 xxx) no real Graph subcode uses. README.md in this folder prints the same table.
 */
import { newTraceId, errorEnvelope, type GraphError } from '../graph/graphErrors.ts';

export { errorEnvelope, newTraceId, type GraphError };

export interface PlatformErrorRow {
  status: 400 | 403 | 413 | 500;
  code: number;
  subcode?: number;
  /** the documented text where there is one (after the `(#code)` prefix) */
  message: string;
  type: 'OAuthException' | 'GraphMethodException';
  /** a retry can succeed (the media version clash) */
  transient?: boolean;
}

export const PLATFORM_ERRORS = {
  // ── the request itself ──
  invalidParameter: { status: 400, code: 100, subcode: 9_810_001, message: 'Invalid parameter', type: 'OAuthException' },
  invalidJson: { status: 400, code: 100, subcode: 9_810_002, message: 'The request body is not valid JSON', type: 'OAuthException' },
  unknownAction: { status: 400, code: 100, subcode: 9_810_003, message: 'Unknown action', type: 'OAuthException' },
  invalidSdp: { status: 400, code: 100, subcode: 9_810_004, message: 'Invalid SDP', type: 'OAuthException' },
  offerWithoutOpus: { status: 400, code: 100, subcode: 9_810_005, message: 'The SDP offer has no audio m-line offering Opus', type: 'OAuthException' },
  bodyTooLarge: { status: 413, code: 100, subcode: 9_810_006, message: 'The request body is too large', type: 'OAuthException' },
  // ── which call, whose call ──
  invalidCallId: { status: 400, code: 100, subcode: 9_810_010, message: 'Invalid call id', type: 'OAuthException' },
  pageNotFound: { status: 400, code: 100, subcode: 33, message: 'Invalid Page id: the object does not exist or does not support this operation', type: 'GraphMethodException' },
  notCallOwner: { status: 403, code: 10, subcode: 9_810_011, message: 'Calling app is not call owner', type: 'OAuthException' },
  wrongDirection: { status: 400, code: 100, subcode: 9_810_012, message: 'This action does not apply to a call in this direction', type: 'OAuthException' },
  /** consumer side only (a harness mistake): `consumer.call(psid, { callId })` with an id already used */
  callIdInUse: { status: 400, code: 100, subcode: 9_810_013, message: 'Call id already in use', type: 'OAuthException' },
  // ── the call's state ──
  callAlreadyAccepted: { status: 400, code: 100, subcode: 9_810_020, message: 'Call already accepted', type: 'OAuthException' },
  cannotAcceptEnded: { status: 400, code: 100, subcode: 9_810_021, message: 'Cannot accept a failed or terminated call', type: 'OAuthException' },
  callAlreadyRejected: { status: 400, code: 100, subcode: 9_810_022, message: 'Call already rejected', type: 'OAuthException' },
  cannotRejectEnded: { status: 400, code: 100, subcode: 9_810_023, message: 'Cannot reject a failed or completed call', type: 'OAuthException' },
  callAlreadyTerminated: { status: 400, code: 100, subcode: 9_810_024, message: 'Call already terminated', type: 'OAuthException' },
  cannotTerminateEnded: { status: 400, code: 100, subcode: 9_810_025, message: 'Cannot terminate a failed or completed call', type: 'OAuthException' },
  cannotUpdateTerminated: { status: 400, code: 100, subcode: 9_810_026, message: 'Cannot update a terminated call', type: 'OAuthException' },
  mediaNotConnected: { status: 400, code: 100, subcode: 9_810_027, message: 'Cannot update the media of a call that is not connected', type: 'OAuthException' },
  mediaVersionConflict: { status: 400, code: 100, subcode: 9_810_028, message: 'Conflicting media status', type: 'OAuthException', transient: true },
  invalidTrackMsid: { status: 400, code: 100, subcode: 9_810_029, message: 'Invalid track msid param', type: 'OAuthException' },
  /** the media edge failed while answering accept/connect: the call ends Failed (Graph's code 1, unknown error) */
  mediaEdgeFailed: { status: 500, code: 1, subcode: 9_810_060, message: 'The call could not be connected: media failure', type: 'OAuthException', transient: true },
  // ── permissions ──
  noCallPermission: { status: 403, code: 10, subcode: 9_810_030, message: 'Consumer has not given permission to call', type: 'OAuthException' },
  permissionRequestLimit: { status: 403, code: 10, subcode: 9_810_031, message: 'Call permission request limit reached (2 per 24 hours per user)', type: 'OAuthException' },
  // ── webhooks subscription ──
  callbackVerificationFailed: { status: 400, code: 2200, subcode: 9_810_040, message: 'Callback verification failed', type: 'OAuthException' },
  callbackNotLoopback: { status: 400, code: 100, subcode: 9_810_041, message: 'callback_url must be http://127.0.0.1 or http://localhost (the emulator is loopback only)', type: 'OAuthException' },
  // ── the route and the token ──
  unknownPath: { status: 400, code: 2500, message: 'Unknown path components', type: 'OAuthException' },
  unsupportedMethod: { status: 400, code: 100, subcode: 9_810_050, message: 'Unsupported request method', type: 'OAuthException' },
  tokenMissing: { status: 400, code: 190, message: 'An access token is required', type: 'OAuthException' },
  tokenInvalid: { status: 400, code: 190, message: 'Invalid OAuth access token', type: 'OAuthException' },
} as const satisfies Record<string, PlatformErrorRow>;

export type PlatformErrorKey = keyof typeof PLATFORM_ERRORS;

/** The Graph error for `key`; `detail` (e.g. the field at fault) follows the documented text after ': '. */
export function platformError(key: PlatformErrorKey, detail?: string): GraphError {
  const row: PlatformErrorRow = PLATFORM_ERRORS[key];
  const text = detail === undefined ? row.message : `${row.message}: ${detail}`;
  return {
    status: row.status,
    error: {
      message: `(#${row.code}) ${text}`,
      type: row.type,
      code: row.code,
      ...(row.subcode === undefined ? {} : { error_subcode: row.subcode }),
      ...(row.transient ? { is_transient: true } : {}),
    },
    ...(row.code === 190 ? { headers: { 'WWW-Authenticate': `OAuth "Facebook Platform" "invalid_token" "${row.message}"` } } : {}),
  };
}
