/**
 * What a relayed payload is, by its first byte (RFC 7983): 0–3 STUN, 20–63 DTLS, 128–191
 * RTP/RTCP, told apart by the second byte as RFC 5761 §4 does (RTCP packet types 192–223).
 * Payloads are SRTP/SRTCP: only the headers read here are in the clear.
 */

export type FlowKind = 'rtp' | 'rtcp' | 'stun' | 'dtls' | 'other';

/** numeric codes, in the order used to derive per-flow seeds */
export const FLOW_KIND_CODE: Readonly<Record<FlowKind, number>> = { rtp: 0, rtcp: 1, stun: 2, dtls: 3, other: 4 };

/** kind of the payload that starts at `offset` */
export function classifyPayload(buf: Uint8Array, offset: number): FlowKind {
  const length = buf.length - offset;
  if (length <= 0) return 'other';
  const b0 = buf[offset]!;
  if (b0 <= 3) return 'stun';
  if (b0 >= 20 && b0 <= 63) return 'dtls';
  if (b0 >= 128 && b0 <= 191 && length >= 8) {
    const pt = buf[offset + 1]!;
    if (pt >= 192 && pt <= 223) return 'rtcp';
    if (length >= 12) return 'rtp';
  }
  return 'other';
}

/** SSRC of an RTP packet (bytes 8–11) */
export function rtpSsrc(buf: Uint8Array, offset: number): number {
  return ((buf[offset + 8]! << 24) | (buf[offset + 9]! << 16) | (buf[offset + 10]! << 8) | buf[offset + 11]!) >>> 0;
}

/** sequence number of an RTP packet (bytes 2–3) */
export function rtpSequence(buf: Uint8Array, offset: number): number {
  return (buf[offset + 2]! << 8) | buf[offset + 3]!;
}

/** payload type of an RTP packet (byte 1 without the marker bit), 0–127 */
export function rtpPayloadType(buf: Uint8Array, offset: number): number {
  return buf[offset + 1]! & 0x7f;
}

/** sender SSRC of an RTCP packet (bytes 4–7) */
export function rtcpSsrc(buf: Uint8Array, offset: number): number {
  return ((buf[offset + 4]! << 24) | (buf[offset + 5]! << 16) | (buf[offset + 6]! << 8) | buf[offset + 7]!) >>> 0;
}
