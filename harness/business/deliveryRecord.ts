/**
 * What the webhook receiver remembers of each request, for checks after a call: when it came,
 * whether it was Meta's (signature), what became of each event in it, and how fast it was
 * answered. Written before the answer leaves, except `handlerErrors`, which the application's
 * listeners add later.
 */
import type { OrderOutcome } from './callEventOrder.ts';
import type { SignatureCheck } from './verifySignature.ts';

export interface DeliveryEventRecord {
  /** the event's identity (eventIdentity.ts); absent for skipped items */
  identity?: string;
  /** the event's kind, or where the skipped item was (`entry[0].calls[1] (ring)`) */
  what: string;
  /** OrderOutcome for an event; `unknown_event` / `invalid` for an item that was skipped */
  outcome: OrderOutcome | 'unknown_event' | 'invalid';
}

export interface DeliveryRecord {
  /** 1, 2, … in arrival order */
  seq: number;
  /** `verification`: the subscription handshake; `delivery`: a POST of events; `other`: anything else */
  kind: 'verification' | 'delivery' | 'other';
  method: string;
  /** the request's path, without the query */
  path: string;
  /** receiver clock, ms since the Unix epoch */
  receivedAtMs: number;
  /** body bytes read */
  bytes: number;
  /** hex SHA-256 of the body bytes, for telling a retry (same bytes) from a new delivery */
  bodySha256?: string;
  /** deliveries only */
  signature?: SignatureCheck;
  /** the HTTP status answered */
  status: number;
  /** receiver clock when the answer was sent, ms since the Unix epoch */
  answeredAtMs: number;
  /** from the request's arrival to the answer, ms (monotonic clock) */
  answerMs: number;
  /** every event in it was seen before (a retried delivery) */
  duplicate: boolean;
  /** at least one event in it was handed to the application */
  handled: boolean;
  events: DeliveryEventRecord[];
  /** why it was refused, or what was wrong in it: signature, JSON, schema sentences */
  problems: string[];
  /** listeners that threw or rejected while handling its events, added after the answer */
  handlerErrors: string[];
}
