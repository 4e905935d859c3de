/**
 * Transport addresses as STUN carries them (RFC 5389 §15.1–15.2): family, port, IP; the XOR
 * variants mask the port with the cookie's top 16 bits and the IP with cookie ‖ transaction id.
 */
import { MAGIC_COOKIE } from './stunConstants.ts';

/** an IP and port; `family` 4 or 6 */
export interface TransportAddress {
  /** dotted IPv4 or RFC 5952 IPv6 text */
  address: string;
  /** UDP port, 0..65535 */
  port: number;
  family: 4 | 6;
}

const COOKIE_BYTES = Buffer.from([0x21, 0x12, 0xa4, 0x42]);

/** true for 127.0.0.0/8 and ::1 (also the IPv4-mapped ::ffff:127.x.y.z form) */
export function isLoopback(address: string): boolean {
  if (address.startsWith('127.')) return true;
  if (address === '::1') return true;
  return address.toLowerCase().startsWith('::ffff:127.');
}

/** IPv4 text → 32-bit unsigned number, or -1 when not dotted-quad IPv4 */
export function ipv4ToNumber(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4) return -1;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return -1;
    const octet = Number(part);
    if (octet > 255) return -1;
    value = value * 256 + octet;
  }
  return value;
}

function numberToIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

function ipv6ToText(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i >= 2) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/**
 * Decodes a (XOR-)address attribute value. Returns null when the value is malformed.
 * `transactionId` is needed for XOR-encoded IPv6 addresses.
 */
export function decodeAddress(value: Uint8Array, xor: boolean, transactionId: Uint8Array): TransportAddress | null {
  if (value.length < 8) return null;
  const familyCode = value[1];
  let port = (value[2]! << 8) | value[3]!;
  if (xor) port ^= MAGIC_COOKIE >>> 16;
  if (familyCode === 0x01) {
    if (value.length !== 8) return null;
    let ip = ((value[4]! << 24) | (value[5]! << 16) | (value[6]! << 8) | value[7]!) >>> 0;
    if (xor) ip = (ip ^ MAGIC_COOKIE) >>> 0;
    return { address: numberToIpv4(ip), port, family: 4 };
  }
  if (familyCode === 0x02) {
    if (value.length !== 20) return null;
    const ip = Buffer.from(value.subarray(4, 20));
    if (xor) {
      for (let i = 0; i < 4; i++) ip[i] = ip[i]! ^ COOKIE_BYTES[i]!;
      for (let i = 0; i < 12; i++) ip[i + 4] = ip[i + 4]! ^ transactionId[i]!;
    }
    return { address: ipv6ToText(ip), port, family: 6 };
  }
  return null;
}

/** Encodes an IPv4 (XOR-)address attribute value (8 bytes). IPv6 is never emitted: the relay is IPv4-only. */
export function encodeIpv4Address(address: string, port: number, xor: boolean): Buffer {
  const ip = ipv4ToNumber(address);
  if (ip < 0) throw new Error(`not an IPv4 address: ${address}`);
  const value = Buffer.allocUnsafe(8);
  value[0] = 0;
  value[1] = 0x01;
  value.writeUInt16BE(xor ? port ^ (MAGIC_COOKIE >>> 16) : port, 2);
  value.writeUInt32BE(xor ? (ip ^ MAGIC_COOKIE) >>> 0 : ip, 4);
  return value;
}
