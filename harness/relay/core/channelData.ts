/**
 * ChannelData messages (RFC 8656 §12.4): a 4-byte header (channel number, payload length)
 * then the payload. Over UDP the sender may pad to 4 bytes; the receiver uses the length.
 */
import { CHANNEL_MAX, CHANNEL_MIN } from './stunConstants.ts';

/** true when the first byte puts the datagram in the ChannelData range 0x40..0x7F (RFC 7983 / 8656 §12) */
export function looksLikeChannelData(buf: Uint8Array): boolean {
  return buf.length >= 4 && buf[0]! >= 0x40 && buf[0]! <= 0x7f;
}

/** channel number, or -1 when not a valid ChannelData header */
export function channelNumberOf(buf: Uint8Array): number {
  if (buf.length < 4) return -1;
  const channel = (buf[0]! << 8) | buf[1]!;
  return channel >= CHANNEL_MIN && channel <= CHANNEL_MAX ? channel : -1;
}

/** payload length from the header, or -1 when the datagram is shorter than the header says */
export function channelPayloadLength(buf: Uint8Array): number {
  if (buf.length < 4) return -1;
  const length = (buf[2]! << 8) | buf[3]!;
  return 4 + length <= buf.length ? length : -1;
}

/** A new datagram carrying `payload` on `channel` (no padding: RFC 8656 §12.5 makes it optional over UDP). */
export function frameChannelData(channel: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + payload.length);
  out[0] = channel >>> 8;
  out[1] = channel & 0xff;
  out[2] = payload.length >>> 8;
  out[3] = payload.length & 0xff;
  out.set(payload, 4);
  return out;
}
