/**
 * Messages the two call agents exchange through the harness's signaling bus.
 * Pure types: shared by the in-page agent and the node-side bus.
 */

/** The signaling protocol version the agents speak. */
export const SIGNALING_VERSION = 1;

export type Role = 'consumer' | 'business';

export type SignalMessage =
  /** the consumer's call: carries the offer and the protocol version it speaks */
  | { type: 'offer'; sdp: string; version: number }
  | { type: 'answer'; sdp: string }
  /** a trickled ICE candidate; `candidate: null` marks the end of gathering */
  | { type: 'candidate'; candidate: RTCIceCandidateInit | null }
  /** the sender hung up; `reason` is informational text from the sender */
  | { type: 'bye'; reason?: string };

export interface SignalEnvelope {
  callId: string;
  from: Role;
  /** position of this message in the sender's stream, 1-based (lets faults target "the 2nd candidate") */
  seq: number;
  message: SignalMessage;
}

export function otherRole(role: Role): Role {
  return role === 'consumer' ? 'business' : 'consumer';
}
