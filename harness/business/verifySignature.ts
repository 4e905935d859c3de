/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against HMAC-SHA256(app secret, the body's bytes as
 * received). The bytes, never a re-serialization: Meta signs its own encoding (escaped unicode,
 * its own whitespace), and JSON.stringify(JSON.parse(body)) is a different byte string whose HMAC
 * differs. The comparison is constant-time over the digests, so the time taken says nothing
 * about how many leading bytes of a forged signature were right.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `ok`, or why the delivery is not Meta's */
export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'mismatch';

const HEADER_FORM = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * @param appSecret the app secret the platform signs with
 * @param rawBody the request body exactly as read from the socket
 * @param header the `X-Hub-Signature-256` header value, if any
 */
export function verifySignature(appSecret: string, rawBody: Uint8Array, header: string | string[] | undefined): SignatureCheck {
  if (header === undefined || header === '') return 'missing';
  // a repeated header is not something Meta sends: refuse rather than pick one
  if (Array.isArray(header)) return 'malformed';
  const match = HEADER_FORM.exec(header.trim());
  if (!match) return 'malformed';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1]!, 'hex');
  return timingSafeEqual(expected, given) ? 'ok' : 'mismatch';
}
