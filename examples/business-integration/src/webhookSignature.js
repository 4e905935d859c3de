/**
 * Meta signs every webhook: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`,
 * over the body exactly as sent (escaped unicode, Meta's own spacing). So the check hashes the
 * raw bytes before anything parses them, and compares in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * @param {string} appSecret
 * @param {Buffer} body the raw request body
 * @param {string | undefined} header the X-Hub-Signature-256 header
 * @returns {boolean} whether the header is the body's signature under the secret
 */
export function isSignedBy(appSecret, body, header) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
