/**
 * The identity of an event, for de-duplication: two deliveries carrying the same identity are
 * the same event (Meta retries a delivery it thinks failed with the same body, "immediately … a
 * few more times"). Built only from what the event says about itself, never from when or how it
 * arrived:
 *  - a call event: call id, event name, timestamp, plus what tells two events of one kind in the
 *    same second apart (a media_update's version, a call_status's status);
 *  - a permission reply: consumer, page, timestamp and response.
 * Timestamps are whole seconds, so two distinct events of one kind and call in one second with
 * nothing else to tell them apart would read as one; the documented events have no such pair.
 */
import type { BusinessEvent } from './businessEvent.ts';

export function eventIdentity(event: BusinessEvent): string {
  switch (event.kind) {
    case 'connect':
    case 'terminate':
      return `${event.callId}|${event.kind}|${event.timestamp}`;
    case 'call_status':
      return `${event.callId}|call_status|${event.timestamp}|${event.status}`;
    case 'media_update':
      return `${event.callId}|media_update|${event.timestamp}|v${event.version}`;
    case 'call_permission_reply':
      return `permission|${event.psid}|${event.pageId}|${event.timestamp}|${event.response}`;
  }
}
