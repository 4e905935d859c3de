/**
 * STUN encoding/decoding, MESSAGE-INTEGRITY and FINGERPRINT, checked against the RFC 5769
 * test vectors (the bytes are the RFC's; they are facts, retyped here as hex).
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { crc32 } from '../../../harness/relay/core/crc32.ts';
import { Attr, classOf, MessageClass, messageType, Method, methodOf } from '../../../harness/relay/core/stunConstants.ts';
import { longTermKey, verifyIntegrity } from '../../../harness/relay/core/stunIntegrity.ts';
import { attributeText, attributeUint32, errorCodeOf, parseStun, StunWriter, xorAddresses } from '../../../harness/relay/core/stunMessage.ts';
import { decodeAddress } from '../../../harness/relay/core/transportAddress.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// RFC 5769 §2.2 Sample IPv4 Response (short-term password "VOkJxbRl1RmTxUk/WvJxBt", mapped 192.0.2.1:32853)
const SAMPLE_IPV4_RESPONSE = hex(`
  0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
  8022000b 74657374 20766563 746f7220
  00200008 0001a147 e112a643
  00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  80280004 c07d4c96`);

// RFC 5769 §2.4 Sample Request with Long-Term Authentication
// (username "マトリックス", password "TheMatrIX" after SASLprep, realm "example.org")
const SAMPLE_LONG_TERM_REQUEST = hex(`
  00010060 2112a442 78ad3433 c6ad72c0 29da412e
  00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
  0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
  0014000b 6578616d 706c652e 6f726700
  00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666`);

test('RFC 5769 IPv4 response: fingerprint, short-term integrity and XOR-MAPPED-ADDRESS verify', () => {
  const parsed = parseStun(SAMPLE_IPV4_RESPONSE);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const message = parsed.message;
  expect(message.method).toBe(Method.binding);
  expect(message.cls).toBe(MessageClass.success);
  expect(message.hasFingerprint).toBe(true);
  expect(verifyIntegrity(message.raw, message.integrityOffset, Buffer.from('VOkJxbRl1RmTxUk/WvJxBt'))).toBe(true);
  expect(verifyIntegrity(message.raw, message.integrityOffset, Buffer.from('wrong password'))).toBe(false);
  expect(xorAddresses(message, Attr.xorMappedAddress)).toEqual([{ address: '192.0.2.1', port: 32853, family: 4 }]);
  expect(attributeText(message, Attr.software)).toBe('test vector');
});

test('RFC 5769 long-term request: MESSAGE-INTEGRITY verifies with MD5(user:realm:password)', () => {
  const parsed = parseStun(SAMPLE_LONG_TERM_REQUEST);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const message = parsed.message;
  expect(attributeText(message, Attr.username)).toBe('\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9');
  expect(attributeText(message, Attr.nonce)).toBe('f//499k954d6OL34oL9FSTvy64sA');
  expect(attributeText(message, Attr.realm)).toBe('example.org');
  const key = longTermKey('\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9', 'example.org', 'TheMatrIX');
  expect(verifyIntegrity(message.raw, message.integrityOffset, key)).toBe(true);
  expect(verifyIntegrity(message.raw, message.integrityOffset, longTermKey('\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9', 'example.org', 'thematrix'))).toBe(false);
});

test('a flipped bit anywhere before FINGERPRINT makes the message malformed', () => {
  for (const offset of [0x1c, 0x25, 0x30]) {
    const copy = Buffer.from(SAMPLE_IPV4_RESPONSE);
    copy[offset]! ^= 0x01;
    const parsed = parseStun(copy);
    expect(parsed.ok ? 'accepted' : parsed.reason).toBe('FINGERPRINT mismatch');
  }
});

test('CRC-32 matches the standard check value', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
});

test('message type packs method and class as RFC 5389 §6 draws it', () => {
  expect(messageType(Method.binding, MessageClass.request)).toBe(0x0001);
  expect(messageType(Method.binding, MessageClass.success)).toBe(0x0101);
  expect(messageType(Method.allocate, MessageClass.error)).toBe(0x0113);
  expect(messageType(Method.send, MessageClass.indication)).toBe(0x0016);
  expect(messageType(Method.data, MessageClass.indication)).toBe(0x0017);
  expect(messageType(Method.channelBind, MessageClass.success)).toBe(0x0109);
  for (const method of Object.values(Method)) {
    for (const cls of Object.values(MessageClass)) {
      const type = messageType(method, cls);
      expect([methodOf(type), classOf(type)]).toEqual([method, cls]);
    }
  }
});

test('the writer round-trips attributes, signs with MESSAGE-INTEGRITY and appends a valid FINGERPRINT', () => {
  const key = longTermKey('alice', 'callsoak', 's3cret');
  const transactionId = Buffer.from('0102030405060708090a0b0c', 'hex');
  const bytes = new StunWriter(Method.allocate, MessageClass.error, transactionId)
    .addErrorCode(438, 'Stale Nonce')
    .addText(Attr.realm, 'callsoak')
    .addUint32(Attr.lifetime, 600)
    .addXorAddress(Attr.xorRelayedAddress, '127.0.0.1', 50123)
    .finish({ integrityKey: key, fingerprint: true });
  expect(bytes.length % 4).toBe(0);
  const parsed = parseStun(bytes);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const message = parsed.message;
  expect(message.transactionId.equals(transactionId)).toBe(true);
  expect(errorCodeOf(message)).toEqual({ code: 438, reason: 'Stale Nonce' });
  expect(attributeText(message, Attr.realm)).toBe('callsoak');
  expect(attributeUint32(message, Attr.lifetime)).toBe(600);
  expect(xorAddresses(message, Attr.xorRelayedAddress)).toEqual([{ address: '127.0.0.1', port: 50123, family: 4 }]);
  expect(message.hasFingerprint).toBe(true);
  expect(verifyIntegrity(message.raw, message.integrityOffset, key)).toBe(true);
});

test('XOR-encoded IPv6 addresses decode with the transaction id', () => {
  // RFC 5769 §2.3: 2001:db8:1234:5678:11:2233:4455:6677 port 32853, transaction b7e7a701 bc34d686 fa87dfae
  const value = hex('0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9');
  const transactionId = hex('b7e7a701bc34d686fa87dfae');
  expect(decodeAddress(value, true, transactionId)).toEqual({ address: '2001:db8:1234:5678:11:2233:4455:6677', port: 32853, family: 6 });
});

test('malformed datagrams are reported, never thrown', () => {
  const cases: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['short', hex('000100')],
    ['bad cookie', hex('00010000 2112a443 000000000000000000000000')],
    ['length not multiple of 4', hex('00010001 2112a442 000000000000000000000000 00')],
    ['length beyond datagram', hex('00010008 2112a442 000000000000000000000000')],
    ['attribute overrun', hex('00010004 2112a442 000000000000000000000000 00060010')],
    ['short MESSAGE-INTEGRITY', hex('00010008 2112a442 000000000000000000000000 00080004 00000000')],
  ];
  for (const [name, bytes] of cases) {
    const parsed = parseStun(bytes);
    expect(parsed.ok, name).toBe(false);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const buf = Buffer.from(bytes);
      if (buf.length >= 8) buf.writeUInt32BE(0x2112a442, 4); // reach past the cookie check often
      parseStun(buf);
    }),
    { numRuns: 2000, seed: 42 },
  );
});
