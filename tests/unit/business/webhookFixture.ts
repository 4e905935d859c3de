/**
 * Sends webhook deliveries to a receiver over real HTTP, signed the way the platform signs them
 * (an HMAC computed here, independently of the receiver's code), and builds documented payloads.
 */
import { createHmac } from 'node:crypto';

export const APP_SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'test-verify-token';
export const PAGE = '1234567890';

export function sign(body: string | Buffer, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function post(url: string, body: string, signature: string | null = sign(body)): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'X-Hub-Signature-256': signature }) }, body });
  return { status: res.status, text: await res.text(), ms: performance.now() - started };
}

export function calls(...items: object[]): string {
  return JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: 1_780_000_000, calls: items }] });
}

export const connect = (id: string, timestamp: number) => ({ id, to: PAGE, from: 'psid_1', event: 'connect', timestamp, call_direction: 'user_initiated' });
export const terminate = (id: string, timestamp: number) => ({ id, event: 'terminate', timestamp, status: 'Completed', start_time: timestamp - 120, end_time: timestamp, duration: 120 });
export const mediaUpdate = (id: string, timestamp: number, version: number) => ({
  id,
  event: 'media_update',
  timestamp,
  session: { version, sdp_renegotiation: { sdp_type: 'offer', sdp: `v=0 offer ${version}` } },
});

/** waits until `check` holds, at most `ms` (polling every 10 ms) */
export async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
