/**
 * MESSAGE-INTEGRITY (HMAC-SHA1) and FINGERPRINT (CRC-32) of STUN messages, RFC 5389 §15.4–15.5.
 * The long-term key is MD5(username ":" realm ":" password) (§15.4); SASLprep is not applied
 * because the relay only ever issues ASCII credentials.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { crc32 } from './crc32.ts';
import { FINGERPRINT_XOR, HEADER_BYTES } from './stunConstants.ts';

/** MD5(username:realm:password), the HMAC key of the long-term credential mechanism */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest();
}

/**
 * HMAC-SHA1 over `message[0, integrityOffset)` as if the header's length field already
 * counted the MESSAGE-INTEGRITY attribute (24 bytes) and nothing after it.
 */
export function computeIntegrity(message: Uint8Array, integrityOffset: number, key: Uint8Array): Buffer {
  const header = Buffer.from(message.subarray(0, 4));
  header.writeUInt16BE(integrityOffset - HEADER_BYTES + 24, 2);
  return createHmac('sha1', key)
    .update(header)
    .update(message.subarray(4, integrityOffset))
    .digest();
}

/** true when the MESSAGE-INTEGRITY attribute starting at `integrityOffset` matches `key` */
export function verifyIntegrity(message: Uint8Array, integrityOffset: number, key: Uint8Array): boolean {
  const valueStart = integrityOffset + 4;
  if (valueStart + 20 > message.length) return false;
  const expected = computeIntegrity(message, integrityOffset, key);
  return timingSafeEqual(expected, message.subarray(valueStart, valueStart + 20));
}

/** FINGERPRINT value for a message whose FINGERPRINT attribute starts at `fingerprintOffset` */
export function computeFingerprint(message: Uint8Array, fingerprintOffset: number): number {
  return (crc32(message, 0, fingerprintOffset) ^ FINGERPRINT_XOR) >>> 0;
}
