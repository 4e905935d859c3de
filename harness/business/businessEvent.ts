/**
 * What the webhook receiver hands the application: one event per `calls[]` item or permission
 * reply, in the business's own words (camelCase, SDPs as {type, sdp}, times as numbers).
 * Timestamps are Unix seconds as the platform sends them.
 */
import type { SessionDescription } from './sessionDescription.ts';

interface CallEventBase {
  /** the call's id (`c_…`) */
  callId: string;
  /** the entry's id: the Page */
  pageId: string;
  /** the event's own `timestamp`, Unix seconds */
  timestamp: number;
  /** which delivery carried it (DeliveryRecord.seq) */
  deliverySeq: number;
}

export interface ConnectEvent extends CallEventBase {
  kind: 'connect';
  /** the consumer's PSID on a consumer call (`from`) */
  from?: string;
  to?: string;
  /** `user_initiated` or `business_initiated` */
  direction?: string;
  /** `session.version`, when the connect names one (undocumented; the emulated platform may) */
  version?: number;
}

export interface TerminateEvent extends CallEventBase {
  kind: 'terminate';
  /** `Completed` (normal end or rejection) or `Failed` (failed mid-connection) */
  status: 'Completed' | 'Failed' | (string & {});
  /** Unix seconds; absent when the docs' "empty" value came (omitted, null, '' or 0 are all read as absent) */
  startTime?: number;
  endTime?: number;
  /** seconds since the business connected; absent when it never connected */
  durationSec?: number;
}

export interface CallStatusEvent extends CallEventBase {
  kind: 'call_status';
  status: 'ringing' | 'accepted';
  recipientId?: string;
}

export interface MediaUpdateEvent extends CallEventBase {
  kind: 'media_update';
  /** the platform's media version (strings in one page, integers in another: read as an integer) */
  version: number;
  /** the offer the business must answer locally (no API call takes the answer) */
  offer: SessionDescription;
}

export interface PermissionReplyEvent {
  kind: 'call_permission_reply';
  /** the consumer (`sender.id`) */
  psid: string;
  /** `recipient.id` */
  pageId: string;
  timestamp: number;
  response: 'approve' | 'reject';
  /** only on approve, Unix seconds */
  expirationTimestamp?: number;
  deliverySeq: number;
}

export type CallEvent = ConnectEvent | TerminateEvent | CallStatusEvent | MediaUpdateEvent;
export type BusinessEvent = CallEvent | PermissionReplyEvent;
export type BusinessEventKind = BusinessEvent['kind'];
