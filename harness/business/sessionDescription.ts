/**
 * An SDP as Meta's calling pages write it. The docs disagree on the form of `sdp_response` and
 * `sdp_renegotiation`: the accept and call-flow pages show bare strings, the reference and every
 * code sample show `{sdp_type, sdp}`. One schema accepts both, and `readSessionDescription`
 * turns either into one shape, so the rest of the business code never sees the difference.
 */
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../schema/literalUnion.ts';

export const SDP_TYPES = ['offer', 'answer'] as const;
export type SdpType = (typeof SDP_TYPES)[number];

export const SessionDescriptionFieldSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ sdp_type: literalUnion(SDP_TYPES), sdp: Type.String({ minLength: 1 }) }),
]);
export type SessionDescriptionField = Static<typeof SessionDescriptionFieldSchema>;

/** An SDP with its role, as RTCSessionDescriptionInit spells it. */
export interface SessionDescription {
  type: SdpType;
  sdp: string;
}

/**
 * @param field a validated `sdp_response` / `sdp_renegotiation` value
 * @param implied the type a bare string stands for (the field's name says it: response → answer, renegotiation → offer)
 */
export function readSessionDescription(field: SessionDescriptionField, implied: SdpType): SessionDescription {
  return typeof field === 'string' ? { type: implied, sdp: field } : { type: field.sdp_type, sdp: field.sdp };
}
