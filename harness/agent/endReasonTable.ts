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
  /** the consumer's hangup arrived while the call was connected (the hangup webhook) */
  | { kind: 'remote-hangup'; detail: string }
  /** the business hung up itself */
  | { kind: 'local-hangup'; detail: string }
  /** the consumer hung up while the business's accept was still in flight (answer not yet acknowledged) */
  | { kind: 'hangup-during-accept'; detail: string }
  /** the consumer gave up before anyone answered: its own no-answer timer expired */
  | { kind: 'caller-no-answer-timeout'; afterMs: number }
  /** the business's own ring timer expired without an answer */
  | { kind: 'incoming-timeout'; afterMs: number }
  /** the business declined the ringing call */
  | { kind: 'declined' }
  /** the business agent has ringing muted: the call is never presented */
  | { kind: 'ring-muted' }
  /** the business already has a call */
  | { kind: 'busy'; activeCallId: string }
  /** a participant tried to join a call that already has its maximum */
  | { kind: 'room-full'; max: number }
  /** the offer speaks a signaling version the agent does not support */
  | { kind: 'version-unsupported'; offered: number; supported: number[] }
  /** the offer carries no caller identity the business can see */
  | { kind: 'caller-not-visible' }
  /** the platform refused the business's answer: it lacks the calling permission */
  | { kind: 'no-permission'; detail: string }
  /** getUserMedia rejected (DOMException name and message) */
  | { kind: 'media-denied'; device: 'microphone' | 'camera'; error: string }
  /** an RTCPeerConnection operation failed */
  | { kind: 'webrtc-error'; operation: string; error: string }
  /** ICE lost the connection and did not get it back */
  | { kind: 'connection-lost'; iceState: string; afterMs: number }
  /** a signaling message the agent waits for did not arrive in time */
  | { kind: 'signaling-timeout'; waitingFor: string; afterMs: number }
  /** the remote side vanished without a hangup (its page crashed, its connection dropped) */
  | { kind: 'peer-gone'; detail: string }
  /** this page is being closed or navigated away from mid-call */
  | { kind: 'page-hide'; detail: string }
  /** no audio arrived for too long while connected */
  | { kind: 'inactive'; silentForMs: number }
  /** the other participant removed the business from the call */
  | { kind: 'removed'; by: string }
  /** the agent's own code failed while handling the call */
  | { kind: 'agent-error'; error: string }
  /** the remote ended the call with a reason code the agent does not know */
  | { kind: 'unrecognized'; code: string };

export type EndEventKind = EndEvent['kind'];

type Row<K extends EndEventKind> = (event: Extract<EndEvent, { kind: K }>) => { reason: EndCallReason; subreason: string };

export const END_REASON_TABLE: { [K in EndEventKind]: Row<K> } = {
  'remote-hangup': (e) => ({ reason: 'Hangup_Call', subreason: `consumer hung up: ${e.detail}` }),
  'local-hangup': (e) => ({ reason: 'Hangup_Call', subreason: `business hung up: ${e.detail}` }),
  'hangup-during-accept': (e) => ({ reason: 'Call_End_Accept_After_Hang_Up', subreason: `consumer hung up while the accept was in flight: ${e.detail}` }),
  'caller-no-answer-timeout': (e) => ({ reason: 'No_Answer_Timeout', subreason: `caller stopped ringing after ${e.afterMs} ms without an answer` }),
  'incoming-timeout': (e) => ({ reason: 'Incoming_Timeout', subreason: `incoming call not answered within ${e.afterMs} ms` }),
  declined: () => ({ reason: 'Ignore_Call', subreason: 'business declined the incoming call' }),
  'ring-muted': () => ({ reason: 'Ring_Muted', subreason: 'ringing is muted on this agent; the call was not presented' }),
  busy: (e) => ({ reason: 'In_Another_Call', subreason: `business is in call ${e.activeCallId}` }),
  'room-full': (e) => ({ reason: 'Max_Allowed_Participants_Reached', subreason: `call already has ${e.max} participants` }),
  'version-unsupported': (e) => ({
    reason: 'Version_Unsupported',
    subreason: `offer speaks signaling version ${e.offered}; supported: ${e.supported.join(', ')}`,
  }),
  'caller-not-visible': () => ({ reason: 'Caller_Not_Visible', subreason: 'offer carries no caller identity visible to the business' }),
  'no-permission': (e) => ({ reason: 'No_Permission', subreason: `platform refused the answer: ${e.detail}` }),
  'media-denied': (e) => ({
    reason: e.device === 'microphone' ? 'Microphone_Permission_Denied' : 'Camera_Permission_Denied',
    subreason: `getUserMedia(${e.device}) rejected: ${e.error}`,
  }),
  'webrtc-error': (e) => ({ reason: 'WebRTC_Error', subreason: `${e.operation} failed: ${e.error}` }),
  'connection-lost': (e) => ({ reason: 'Connection_Dropped', subreason: `ICE ${e.iceState} for ${e.afterMs} ms` }),
  'signaling-timeout': (e) => ({ reason: 'Signaling_Message_Failed', subreason: `no ${e.waitingFor} within ${e.afterMs} ms` }),
  'peer-gone': (e) => ({ reason: 'Unexpected_End_Of_Call', subreason: `remote vanished without hanging up: ${e.detail}` }),
  'page-hide': (e) => ({ reason: 'Client_Interrupted', subreason: `business page went away mid-call: ${e.detail}` }),
  inactive: (e) => ({ reason: 'Inactive_Timeout', subreason: `no inbound audio for ${e.silentForMs} ms` }),
  removed: (e) => ({ reason: 'Removed_By_Participant', subreason: `removed from the call by ${e.by}` }),
  'agent-error': (e) => ({ reason: 'Client_Error', subreason: `agent error: ${e.error}` }),
  unrecognized: (e) => ({ reason: 'Unknown', subreason: `remote ended the call with unrecognized reason code '${e.code}'` }),
};

export function decideEndReason(event: EndEvent): { reason: EndCallReason; subreason: string } {
  return (END_REASON_TABLE[event.kind] as Row<typeof event.kind>)(event as never);
}
