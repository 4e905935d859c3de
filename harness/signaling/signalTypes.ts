/**
 * What passes between a peer and its own node side. Two channels, neither of them callsoak's
 * invention of a call protocol:
 * - the consumer's app and the platform (internal to the emulated platform, as the Messenger
 *   app's connection to Meta is): placing a call, its media leg to the edge, hanging up;
 * - the business's agent console and the business's own server (the integration's internal
 *   channel): the server reads webhooks and makes Graph requests, the console runs WebRTC.
 * The business side of a call learns everything from webhooks and Graph answers (see
 * harness/business/businessBackend.ts). Pure types: shared by the in-page agent and node.
 */

export type Role = 'consumer' | 'business';

/** The terminate status a consumer's hang-up makes the platform send; default 'Completed'. */
export type HangupCode = string;

/** consumer app → platform */
export type ConsumerUp =
  /** the consumer calls the Page (the platform rings the business at once) */
  | { type: 'place' }
  /** the consumer's complete offer for its own leg to the media edge, made while the call rings */
  | { type: 'edge-offer'; sdp: string }
  /** a business-initiated call: the consumer picks up, with its offer for its edge leg */
  | { type: 'pick-up'; sdp: string }
  | { type: 'decline' }
  /** `code`: the terminate status the platform writes (default Completed) */
  | { type: 'hangup'; code?: string };

/** platform → consumer app */
export type ConsumerDown =
  /** the edge's complete answer for the consumer's leg */
  | { type: 'edge-answer'; sdp: string }
  /** a business calls this consumer */
  | { type: 'incoming'; from: string }
  /** the call ended on the platform (the business ended it, it timed out or failed) */
  | { type: 'call-ended'; status: string };

/** agent console → business server */
export type BusinessUp =
  /** accept the ringing call with the console's complete offer */
  | { type: 'accept'; sdp: string }
  /** `submitAfter`: the console is going away; the server submits these metrics once the call has ended */
  | { type: 'reject' | 'terminate'; submitAfter?: MetricsHandOff }
  /**
   * place a business-initiated call to `to` (a PSID) with the console's complete offer;
   * `askPermission`: check the consumer's permission first and, without it, send the
   * `calling_optin` request and wait for the consumer's reply
   */
  | { type: 'connect'; to: string; sdp: string; askPermission: boolean };

/** Metrics a console that is going away leaves to its server: the body exactly as built, and where it goes. */
export interface MetricsHandOff {
  /** full /call_metrics URL */
  url: string;
  accessToken: string;
  /** the JSON body */
  body: string;
}

/** A Graph request that did not succeed, as the business server tells its console. */
export interface RequestFailure {
  action: string;
  /** graph: an error envelope; timeout: no answer in time; network: no connection; unreadable: a 2xx the client cannot read */
  kind: 'graph' | 'timeout' | 'network' | 'unreadable';
  /** HTTP status; 0 without one */
  status: number;
  /** Graph error subcode, when the envelope had one */
  subcode?: number;
  /** the consumer gave no call permission (Graph refused the connect, or the consumer declined or never answered the request) */
  noPermission?: boolean;
  message: string;
}

/** business server → agent console */
export type BusinessDown =
  /** a connect webhook: `from` is the caller's PSID, null when the webhook names none */
  | { type: 'incoming-call'; from: string | null; version: number | null; receivedAtMs: number }
  /** accept answered: the edge's answer and, maybe, Meta's renegotiation offer (apply, never answer) */
  | { type: 'accepted'; answer: string; renegotiation?: string }
  /** connect answered: the platform's call id and the edge's answer */
  | { type: 'connected'; platformCallId: string; answer: string }
  | { type: 'call-status'; status: string }
  /** a media_update webhook: a new offer from Meta (apply, never answer) */
  | { type: 'media-update'; version: number; sdp: string }
  /** a terminate webhook; `receivedAtMs` is when the server got it (call_ended_time) */
  | { type: 'terminated'; status: string; receivedAtMs: number }
  /** reject or terminate answered with success at `atMs` (call_ended_time) */
  | { type: 'request-done'; action: 'reject' | 'terminate'; atMs: number }
  | ({ type: 'request-failed' } & RequestFailure);

export type SignalMessage = ConsumerUp | ConsumerDown | BusinessUp | BusinessDown;

export interface SignalEnvelope {
  /** the call's id (the platform's); a console's connect carries its own local id until the platform answers */
  callId: string;
  from: Role | 'platform';
  /** position of this message in the sender's stream for this call, 1-based */
  seq: number;
  message: SignalMessage;
}
