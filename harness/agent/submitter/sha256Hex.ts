/**
 * SHA-256 of a string's UTF-8 bytes, hex, with WebCrypto (the page and Node 20 both have it).
 * Lets an attempt log prove every retry carried the same bytes.
 */

/** @returns the hex digest, or undefined when WebCrypto is unavailable (an insecure context) */
export async function sha256Hex(text: string): Promise<string | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
