/**
 * The bytes of a webhook: the documented envelopes for the `calls` and `call_permission_reply`
 * fields, serialised once (JSON with every non-ASCII character escaped as \uXXXX, as Meta sends
 * them) so that every delivery attempt sends, and signs, the same bytes.
 */
import type { CallEvent } from './callStateMachine.ts';

export type WebhookField = 'calls' | 'call_permission_reply';

/** Where a permission reply sits in its entry ([?]: documented flat in `entry[]`; `messaging[]` is the Messenger habit). */
export type PermissionReplyPlacement = 'entry' | 'messaging';

export interface PermissionReply {
  sender: { id: string };
  recipient: { id: string };
  /** ms since the epoch, as Messenger postbacks write it [I] */
  timestamp: number;
  call_permission_reply: { response: 'approve' | 'reject'; expiration_timestamp?: number };
}

/** `{"object":"page","entry":[{"id","time","calls":[…]}]}`; `time` in ms like every Messenger entry [I]. */
export function callsWebhook(pageId: string, nowMs: number, events: CallEvent[]): object {
  return { object: 'page', entry: [{ id: pageId, time: nowMs, calls: events }] };
}

export function permissionReplyWebhook(pageId: string, nowMs: number, reply: PermissionReply, placement: PermissionReplyPlacement): object {
  const entry = placement === 'entry' ? { id: pageId, time: nowMs, ...reply } : { id: pageId, time: nowMs, messaging: [reply] };
  return { object: 'page', entry: [entry] };
}

/** JSON, ASCII only: characters above U+007F become \uXXXX escapes (surrogate pairs as two). */
export function serializeWebhookBody(payload: object): Buffer {
  const text = JSON.stringify(payload).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(text, 'ascii');
}
