/**
 * Messages the call agents exchange through the harness's signaling bus.
 * Pure types: shared by the in-page agent and the node-side bus.
 */

/** The signaling protocol version the agents speak. */
export const SIGNALING_VERSION = 1;

export type Role = 'consumer' | 'business';

/** Why a side hung up, as it tells the other; agents map unknown codes to Unknown. */
export type HangupCode = 'hangup' | 'no-answer' | 'removed' | (string & {});

export type SignalMessage =
  /** the consumer's call: the offer, the protocol version it speaks, who is calling */
  | { type: 'offer'; sdp: string; version: number; caller?: { id: string }; joinCallId?: string }
  | { type: 'answer'; sdp: string }
  /** the consumer applied the answer: the business's accept is complete */
  | { type: 'answer-ack' }
  /** a trickled ICE candidate; `candidate: null` marks the end of gathering */
  | { type: 'candidate'; candidate: RTCIceCandidateInit | null }
  /** the business turned the call down; `reason` is the end_call_reason it reports */
  | { type: 'reject'; reason: string }
  /** the sender hung up */
  | { type: 'bye'; code: HangupCode; detail?: string }
  /** from the platform (the bus), not a peer: the other side vanished without hanging up */
  | { type: 'peer-gone'; detail: string }
  /** from the platform: the business may not take this call */
  | { type: 'platform-error'; code: 'forbidden'; detail: string };

export interface SignalEnvelope {
  callId: string;
  from: Role | 'platform';
  /** position of this message in the sender's stream for this call, 1-based */
  seq: number;
  message: SignalMessage;
}

export function otherRole(role: Role): Role {
  return role === 'consumer' ? 'business' : 'consumer';
}
