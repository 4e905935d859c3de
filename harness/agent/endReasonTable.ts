/**
 * The business agent's end-reason logic: which event ends a call with which
 * `end_call_reason`, and what the subreason says. One table, the way a careful client
 * implements it; the agent never writes a reason anywhere else. Runs in the page.
 *
 * The subreason carries the specific error (DOMException name, ICE state, the message that
 * timed out) because that is what the API's guidance asks of `end_call_subreason`.
 */
import type { EndCallReason } from '../contract/endCallReasons.ts';

/** Everything that can end a call, as the business agent observes it. */
export type EndEvent =
  /** the consumer's hangup arrived while the call was connected (a terminate webhook, Completed) */
  | { kind: 'remote-hangup'; detail: string }
  /** the business hung up itself */
  | { kind: 'local-hangup'; detail: string }
  /** the consumer hung up while the business's accept was in flight (a terminate webhook, or accept answered "Cannot accept a failed or terminated call") */
  | { kind: 'hangup-during-accept'; detail: string }
  /** nobody answered within the platform's accept window: its terminate webhook came while ringing */
  | { kind: 'caller-no-answer-timeout'; afterMs: number }
  /** the business's own ring timer expired without an answer */
  | { kind: 'incoming-timeout'; afterMs: number }
  /** the business declined the ringing call */
  | { kind: 'declined' }
  /** the business agent has ringing muted: the call is never presented */
  | { kind: 'ring-muted' }
  /** a connect webhook while the business is in another call */
  | { kind: 'busy'; activeCallId: string }
  /** a connect webhook from the consumer already in the business's call (a second device joining): the call is full */
  | { kind: 'room-full'; max: number }
  /** the connect webhook names a session version the agent does not support */
  | { kind: 'version-unsupported'; offered: number; supported: number[] }
  /** the connect webhook names no caller (`from`) */
  | { kind: 'caller-not-visible' }
  /** the platform refused the business's connect: the consumer gave no call permission */
  | { kind: 'no-permission'; detail: string }
  /** getUserMedia rejected (DOMException name and message) */
  | { kind: 'media-denied'; device: 'microphone' | 'camera'; error: string }
  /** an RTCPeerConnection operation failed */
  | { kind: 'webrtc-error'; operation: string; error: string }
  /** ICE lost the connection and did not get it back */
  | { kind: 'connection-lost'; iceState: string; afterMs: number }
  /** a Graph request about the call failed or timed out (the business server's `/calls` request) */
  | { kind: 'graph-request-failed'; action: string; error: string }
  /** a signaling message the agent waits for did not arrive in time */
  | { kind: 'signaling-timeout'; waitingFor: string; afterMs: number }
  /** the call failed mid-connection (a terminate webhook, Failed: the consumer's app vanished) */
  | { kind: 'peer-gone'; detail: string }
  /** this page is being closed or navigated away from mid-call */
  | { kind: 'page-hide'; detail: string }
  /** no audio arrived for too long while connected */
  | { kind: 'inactive'; silentForMs: number }
  /** the other participant removed the business from the call (a terminate webhook, status Removed) */
  | { kind: 'removed'; by: string }
  /** the agent's own code failed while handling the call */
  | { kind: 'agent-error'; error: string }
  /** a terminate webhook with a status the agent does not know */
  | { kind: 'unrecognized'; code: string };

export type EndEventKind = EndEvent['kind'];

type Row<K extends EndEventKind> = (event: Extract<EndEvent, { kind: K }>) => { reason: EndCallReason; subreason: string };

export const END_REASON_TABLE: { [K in EndEventKind]: Row<K> } = {
  'remote-hangup': (e) => ({ reason: 'Hangup_Call', subreason: `consumer hung up: ${e.detail}` }),
  'local-hangup': (e) => ({ reason: 'Hangup_Call', subreason: `business hung up: ${e.detail}` }),
  'hangup-during-accept': (e) => ({ reason: 'Call_End_Accept_After_Hang_Up', subreason: `consumer hung up while the accept was in flight: ${e.detail}` }),
  'caller-no-answer-timeout': (e) => ({ reason: 'No_Answer_Timeout', subreason: `the platform ended the unanswered call after ${e.afterMs} ms (its accept window)` }),
  'incoming-timeout': (e) => ({ reason: 'Incoming_Timeout', subreason: `incoming call not answered within ${e.afterMs} ms` }),
  declined: () => ({ reason: 'Ignore_Call', subreason: 'business declined the incoming call' }),
  'ring-muted': () => ({ reason: 'Ring_Muted', subreason: 'ringing is muted on this agent; the call was not presented' }),
  busy: (e) => ({ reason: 'In_Another_Call', subreason: `business is in call ${e.activeCallId}` }),
  'room-full': (e) => ({ reason: 'Max_Allowed_Participants_Reached', subreason: `call already has ${e.max} participants` }),
  'version-unsupported': (e) => ({
    reason: 'Version_Unsupported',
    subreason: `connect webhook names session version ${e.offered}; supported: ${e.supported.join(', ')}`,
  }),
  'caller-not-visible': () => ({ reason: 'Caller_Not_Visible', subreason: 'connect webhook names no caller identity visible to the business' }),
  'no-permission': (e) => ({ reason: 'No_Permission', subreason: `the platform refused the call: ${e.detail}` }),
  'media-denied': (e) => ({
    reason: e.device === 'microphone' ? 'Microphone_Permission_Denied' : 'Camera_Permission_Denied',
    subreason: `getUserMedia(${e.device}) rejected: ${e.error}`,
  }),
  'webrtc-error': (e) => ({ reason: 'WebRTC_Error', subreason: `${e.operation} failed: ${e.error}` }),
  'connection-lost': (e) => ({ reason: 'Connection_Dropped', subreason: `ICE ${e.iceState} for ${e.afterMs} ms` }),
  'graph-request-failed': (e) => ({ reason: 'Signaling_Message_Failed', subreason: `/calls ${e.action} failed: ${e.error}` }),
  'signaling-timeout': (e) => ({ reason: 'Signaling_Message_Failed', subreason: `no ${e.waitingFor} within ${e.afterMs} ms` }),
  'peer-gone': (e) => ({ reason: 'Unexpected_End_Of_Call', subreason: `remote vanished without hanging up: ${e.detail}` }),
  'page-hide': (e) => ({ reason: 'Client_Interrupted', subreason: `business page went away mid-call: ${e.detail}` }),
  inactive: (e) => ({ reason: 'Inactive_Timeout', subreason: `no inbound audio for ${e.silentForMs} ms` }),
  removed: (e) => ({ reason: 'Removed_By_Participant', subreason: `removed from the call by ${e.by}` }),
  'agent-error': (e) => ({ reason: 'Client_Error', subreason: `agent error: ${e.error}` }),
  unrecognized: (e) => ({ reason: 'Unknown', subreason: `terminate webhook with unrecognized status '${e.code}'` }),
};

export function decideEndReason(event: EndEvent): { reason: EndCallReason; subreason: string } {
  return (END_REASON_TABLE[event.kind] as Row<typeof event.kind>)(event as never);
}
