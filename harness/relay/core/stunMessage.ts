/**
 * STUN message decoding and encoding (RFC 5389 §6, §15). Decoding never throws: a datagram
 * that is not a well-formed STUN message yields `{ ok: false, reason }` so the caller can
 * count it as malformed and drop it.
 */
import { Attr, classOf, HEADER_BYTES, MAGIC_COOKIE, messageType, methodOf } from './stunConstants.ts';
import type { MessageClassValue } from './stunConstants.ts';
import { computeFingerprint, computeIntegrity } from './stunIntegrity.ts';
import { decodeAddress, encodeIpv4Address } from './transportAddress.ts';
import type { TransportAddress } from './transportAddress.ts';

/** one attribute of a decoded message: its type and where its value lies in `raw` */
export interface StunAttribute {
  type: number;
  /** byte offset of the value in the message */
  offset: number;
  /** value length, bytes (without padding) */
  length: number;
}

/** a decoded STUN message; attribute values are read lazily from `raw` */
export interface StunMessage {
  method: number;
  cls: MessageClassValue;
  /** the 12-byte transaction id (a view into `raw`) */
  transactionId: Buffer;
  raw: Buffer;
  /** attributes up to and including MESSAGE-INTEGRITY, plus FINGERPRINT (RFC 5389 §15.4: later ones are ignored) */
  attributes: StunAttribute[];
  /** offset of the MESSAGE-INTEGRITY attribute header, or -1 when absent */
  integrityOffset: number;
  /** whether a FINGERPRINT attribute was present (it has already been verified when it was) */
  hasFingerprint: boolean;
}

export type StunParseResult = { ok: true; message: StunMessage } | { ok: false; reason: string };

/** true when the first two bits, the cookie and the length make `buf` look like a STUN message */
export function looksLikeStun(buf: Uint8Array): boolean {
  return buf.length >= HEADER_BYTES && (buf[0]! & 0xc0) === 0 && buf[4] === 0x21 && buf[5] === 0x12 && buf[6] === 0xa4 && buf[7] === 0x42;
}

/** Decodes one datagram as a STUN message. */
export function parseStun(raw: Buffer): StunParseResult {
  if (raw.length < HEADER_BYTES) return { ok: false, reason: `shorter than a STUN header (${raw.length} bytes)` };
  if ((raw[0]! & 0xc0) !== 0) return { ok: false, reason: 'first two bits are not zero' };
  if (raw.readUInt32BE(4) !== MAGIC_COOKIE) return { ok: false, reason: 'wrong magic cookie' };
  const length = raw.readUInt16BE(2);
  if (length % 4 !== 0) return { ok: false, reason: `length ${length} is not a multiple of 4` };
  if (HEADER_BYTES + length !== raw.length) return { ok: false, reason: `length field ${length} does not match datagram size ${raw.length}` };
  const type = raw.readUInt16BE(0);
  const attributes: StunAttribute[] = [];
  let integrityOffset = -1;
  let hasFingerprint = false;
  let at = HEADER_BYTES;
  while (at < raw.length) {
    if (at + 4 > raw.length) return { ok: false, reason: 'truncated attribute header' };
    const attrType = raw.readUInt16BE(at);
    const attrLength = raw.readUInt16BE(at + 2);
    const valueEnd = at + 4 + attrLength;
    if (valueEnd > raw.length) return { ok: false, reason: `attribute 0x${attrType.toString(16)} overruns the message` };
    if (hasFingerprint) return { ok: false, reason: 'attribute after FINGERPRINT' };
    if (attrType === Attr.fingerprint) {
      if (attrLength !== 4 || valueEnd !== raw.length) return { ok: false, reason: 'FINGERPRINT is not the last 4-byte attribute' };
      if (raw.readUInt32BE(at + 4) !== computeFingerprint(raw, at)) return { ok: false, reason: 'FINGERPRINT mismatch' };
      hasFingerprint = true;
      attributes.push({ type: attrType, offset: at + 4, length: attrLength });
    } else if (integrityOffset < 0) {
      if (attrType === Attr.messageIntegrity) {
        if (attrLength !== 20) return { ok: false, reason: 'MESSAGE-INTEGRITY is not 20 bytes' };
        integrityOffset = at;
      }
      attributes.push({ type: attrType, offset: at + 4, length: attrLength });
    }
    at = valueEnd + ((4 - (attrLength % 4)) % 4);
  }
  return {
    ok: true,
    message: {
      method: methodOf(type),
      cls: classOf(type),
      transactionId: raw.subarray(8, 20),
      raw,
      attributes,
      integrityOffset,
      hasFingerprint,
    },
  };
}

/** first attribute of `type`, or undefined */
export function findAttribute(message: StunMessage, type: number): StunAttribute | undefined {
  for (const attribute of message.attributes) if (attribute.type === type) return attribute;
  return undefined;
}

/** value bytes of the first attribute of `type` (a view), or undefined */
export function attributeValue(message: StunMessage, type: number): Buffer | undefined {
  const attribute = findAttribute(message, type);
  return attribute ? message.raw.subarray(attribute.offset, attribute.offset + attribute.length) : undefined;
}

/** UTF-8 text of the first attribute of `type`, or undefined */
export function attributeText(message: StunMessage, type: number): string | undefined {
  return attributeValue(message, type)?.toString('utf8');
}

/** 32-bit unsigned value of the first attribute of `type`, or undefined (also when its length is not 4) */
export function attributeUint32(message: StunMessage, type: number): number | undefined {
  const value = attributeValue(message, type);
  return value && value.length === 4 ? value.readUInt32BE(0) : undefined;
}

/** every XOR-encoded address attribute of `type` (XOR-PEER-ADDRESS may repeat); null entries are malformed */
export function xorAddresses(message: StunMessage, type: number): (TransportAddress | null)[] {
  const out: (TransportAddress | null)[] = [];
  for (const attribute of message.attributes) {
    if (attribute.type !== type) continue;
    out.push(decodeAddress(message.raw.subarray(attribute.offset, attribute.offset + attribute.length), true, message.transactionId));
  }
  return out;
}

/** error code and reason of an error response, or undefined */
export function errorCodeOf(message: StunMessage): { code: number; reason: string } | undefined {
  const value = attributeValue(message, Attr.errorCode);
  if (!value || value.length < 4) return undefined;
  return { code: (value[2]! & 0x07) * 100 + value[3]!, reason: value.subarray(4).toString('utf8') };
}

/** Builds one STUN message; attributes are written in the order they are added. */
export class StunWriter {
  private readonly parts: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly method: number,
    private readonly cls: MessageClassValue,
    private readonly transactionId: Uint8Array,
  ) {}

  /** appends one attribute, padding the value to a 4-byte boundary with zeros */
  add(type: number, value: Uint8Array): this {
    const padded = (value.length + 3) & ~3;
    const part = Buffer.alloc(4 + padded);
    part.writeUInt16BE(type, 0);
    part.writeUInt16BE(value.length, 2);
    part.set(value, 4);
    this.parts.push(part);
    this.length += part.length;
    return this;
  }

  addText(type: number, text: string): this {
    return this.add(type, Buffer.from(text, 'utf8'));
  }

  addUint32(type: number, value: number): this {
    const buf = Buffer.allocUnsafe(4);
    buf.writeUInt32BE(value >>> 0, 0);
    return this.add(type, buf);
  }

  addXorAddress(type: number, address: string, port: number): this {
    return this.add(type, encodeIpv4Address(address, port, true));
  }

  addErrorCode(code: number, reason: string): this {
    const text = Buffer.from(reason, 'utf8');
    const value = Buffer.alloc(4 + text.length);
    value[2] = Math.floor(code / 100);
    value[3] = code % 100;
    value.set(text, 4);
    return this.add(Attr.errorCode, value);
  }

  /** the encoded message, with MESSAGE-INTEGRITY (when `integrityKey` is given) and FINGERPRINT appended */
  finish(options: { integrityKey?: Uint8Array; fingerprint?: boolean } = {}): Buffer {
    const extra = (options.integrityKey ? 24 : 0) + (options.fingerprint ? 8 : 0);
    const out = Buffer.alloc(HEADER_BYTES + this.length + extra);
    out.writeUInt16BE(messageType(this.method, this.cls), 0);
    out.writeUInt32BE(MAGIC_COOKIE, 4);
    out.set(this.transactionId, 8);
    let at = HEADER_BYTES;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    if (options.integrityKey) {
      out.writeUInt16BE(at - HEADER_BYTES + 24, 2);
      out.writeUInt16BE(Attr.messageIntegrity, at);
      out.writeUInt16BE(20, at + 2);
      computeIntegrity(out, at, options.integrityKey).copy(out, at + 4);
      at += 24;
    }
    if (options.fingerprint) {
      out.writeUInt16BE(at - HEADER_BYTES + 8, 2);
      out.writeUInt16BE(Attr.fingerprint, at);
      out.writeUInt16BE(4, at + 2);
      out.writeUInt32BE(computeFingerprint(out, at), at + 4);
      at += 8;
    }
    out.writeUInt16BE(at - HEADER_BYTES, 2);
    return out;
  }
}
