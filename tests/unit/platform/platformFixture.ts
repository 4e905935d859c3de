/**
 * A real platform on 127.0.0.1 with the test media edge, a receiver subscribed to both fields,
 * a business offer as Meta's sample writes it, and a POST helper.
 */
import { simpleMediaEdge } from '../../../harness/platform/mediaEdge.ts';
import { startPlatform, type Platform, type PlatformOptions } from '../../../harness/platform/startPlatform.ts';
import { startReceiver, type Receiver } from './receiverFixture.ts';

export const PAGE = '111222333';
export const APP = '999888';
export const TOKEN = 'EAAplatformtoken';
export const OTHER_TOKEN = 'EAAotherapp';
export const SECRET = 'app-secret';

export const OFFER = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 110 126', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=sendrecv', 'a=setup:actpass',
  'a=rtpmap:111 opus/48000/2', 'a=rtpmap:63 red/48000/2', 'a=rtpmap:9 G722/8000', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:110 telephone-event/48000', 'a=rtpmap:126 telephone-event/8000',
].join('\r\n') + '\r\n';

export interface Started {
  platform: Platform;
  receiver: Receiver;
  close(): Promise<void>;
}

export async function startTestPlatform(extra: Partial<PlatformOptions> = {}): Promise<Started> {
  const receiver = await startReceiver((req) => (req.method === 'GET' ? 'echo-challenge' : { status: 200 }));
  const platform = await startPlatform({
    pageId: PAGE, appId: APP, accessToken: TOKEN, appSecret: SECRET, otherApps: { [OTHER_TOKEN]: 'other-app' },
    mediaEdge: simpleMediaEdge({ renegotiate: true }), delivery: { deadlineMs: 1_000, retryDelaysMs: [20] }, ...extra,
  });
  const sub = await platform.subscribe({ callbackUrl: receiver.url, verifyToken: 'vt', fields: ['calls', 'call_permission_reply'] });
  if (!sub.ok) throw new Error(sub.reason);
  return { platform, receiver, close: async () => { await platform.close(); await receiver.close(); } };
}

export async function post(url: string, body: unknown, token: string | null = TOKEN): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** The webhooks the receiver got so far (POSTs), parsed. */
export function webhooks(r: Receiver): any[] {
  return r.received.filter((x) => x.method === 'POST').map((x) => JSON.parse(x.body.toString()));
}

/** Waits (bounded: 2 s) until the receiver holds `n` webhooks. */
export async function waitForWebhooks(r: Receiver, n: number): Promise<any[]> {
  for (let i = 0; i < 200 && webhooks(r).length < n; i++) await new Promise((res) => setTimeout(res, 10));
  return webhooks(r);
}

export function isGraphEnvelope(json: any): boolean {
  const e = json?.error;
  return typeof e === 'object' && e !== null && typeof e.message === 'string' && typeof e.type === 'string' && Number.isInteger(e.code) && typeof e.fbtrace_id === 'string';
}
