/**
 * The subscription handshake Meta performs when a callback URL is set [MWH]: a GET with
 * `hub.mode=subscribe`, `hub.verify_token` and a random `hub.challenge`; the receiver must
 * answer 200 with the challenge as the whole body. Anything else (another status, another body,
 * no answer within the deadline) is a failed subscription, with the reason.
 */
import { randomBytes } from 'node:crypto';

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** @param deadlineMs how long the receiver has to answer, ms; default 5 000 */
export async function verifySubscription(callbackUrl: string, verifyToken: string, deadlineMs = 5_000, challenge = randomBytes(8).toString('hex')): Promise<VerifyResult> {
  const url = new URL(callbackUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(deadlineMs) });
    const body = await res.text();
    if (res.status !== 200) return { ok: false, reason: `the callback answered HTTP ${res.status}` };
    if (body !== challenge) return { ok: false, reason: `the callback answered ${JSON.stringify(body.slice(0, 64))}, not the challenge` };
    return { ok: true };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { ok: false, reason: e.name === 'TimeoutError' ? `no answer within ${deadlineMs} ms` : `the callback could not be reached (${e.cause?.code ?? e.message})` };
  }
}
