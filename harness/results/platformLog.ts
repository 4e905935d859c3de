/**
 * What the emulated Messenger Calling platform saw and did for one call: the webhooks it sent
 * (with every delivery attempt), the Graph requests the business made and what they were
 * answered, the `/call_metrics` submissions, and the media edge's SDP. results.json carries it
 * as `platform`; the platform checks (engine/checks/platformChecks.ts) read it. Pure types.
 * Times are ms since the Unix epoch, on the platform's clock.
 */

/** One attempt to deliver a webhook. */
export interface PlatformWebhookAttempt {
  attempt: number;
  startedAtMs: number;
  /** HTTP status; 0 when none arrived (refused, reset, deadline) */
  status: number;
  /** from sending to the answer's end or the failure, ms */
  latencyMs: number;
  /** why it failed ('deadline 5000 ms', 'ECONNREFUSED', 'HTTP 500'); null on success */
  error: string | null;
}

export interface PlatformWebhook {
  /** the sender's delivery number, 1-based, in the order the platform queued them */
  seq: number;
  field: 'calls' | 'call_permission_reply';
  /** calls: connect, terminate, call_status, media_update; permission: call_permission_reply */
  event: string;
  /** the exact body sent, as text */
  body: string;
  /** how the platform made it: as the documents say, or a scenario's fault */
  kind: 'real' | 'duplicate' | 'forged' | 'delayed';
  /** forged: signed with a wrong secret on purpose; the business must ignore it */
  forged?: boolean;
  /** the platform fault that shaped it, in words ('duplicate', 'delay 300 ms', 'fail-attempts 2', 'forge', 'status "Busy"') */
  fault?: string;
  attempts: PlatformWebhookAttempt[];
  outcome: 'pending' | 'delivered' | 'failed';
}

/** One Graph request the business made about this call (`/calls`, `/call_metrics`, permissions, messages). */
export interface PlatformRequest {
  receivedAtMs: number;
  /** when the answer was handed to the socket; null = never answered (a `hang` fault, a reset, the client gone) */
  answeredAtMs: number | null;
  method: string;
  /** path without query, e.g. /v21.0/PAGE/calls */
  path: string;
  /** query parameters, access tokens redacted; absent when there were none (a page-hide hand-off is marked here) */
  query?: Record<string, string>;
  /** `/calls` action (accept, reject, terminate, connect, media_update); absent for other paths */
  action?: string;
  /** the body as received, access tokens removed */
  body: string;
  /** HTTP status; 0 when none was sent */
  status: number;
  /** the answer's body as sent */
  response: string;
  /** set when a scenario's fault shaped the answer (e.g. 'fail 500', 'hang', 'delay 2000 ms') */
  fault?: string;
}

export interface PlatformCallState {
  direction: 'user_initiated' | 'business_initiated';
  createdAtMs: number;
  /** accept (or the consumer's pick-up); null if never */
  connectedAtMs: number | null;
  endedAtMs: number | null;
  /** how it ended, in the platform's words (business_terminate, consumer_hangup, timeout, failure, …) */
  endedBy: string | null;
}

export interface PlatformEdgeLog {
  /** the edge's answer to the business's offer */
  answer?: string;
  /** Meta's renegotiation offer sent with the answer, when the scenario asked for it */
  renegotiation?: string;
  /** the edge's offers in media_update webhooks */
  mediaUpdates: string[];
  /** the edge's answers to the business's media_update offers, in order */
  updateAnswers: string[];
  /** every way the emulated edge differs from Meta's documented edge */
  differences: string[];
  /** RFC 4733 events the edge decoded from the consumer's RTP (it terminates SRTP): digit, start (ms since the epoch), duration (ms) */
  dtmf?: { digit: string; startedAtMs: number; durationMs: number }[];
  /** ms since the epoch: the first consumer audio packet the edge sent towards the business; null = none */
  firstAudioToBusinessAtMs: number | null;
}

export interface PlatformLog {
  callId: string;
  state: PlatformCallState;
  webhooks: PlatformWebhook[];
  requests: PlatformRequest[];
  edge: PlatformEdgeLog;
}
