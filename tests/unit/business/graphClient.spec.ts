/**
 * The business's Graph client against a small real HTTP server on 127.0.0.1 that answers with the
 * documented shapes (both SDP forms, `id` and `call_id`, both permission shapes) or with scripted
 * failures: errors mapped to GraphRequestError, transient ones retried, permanent ones and
 * unsafe repeats not, and a timeout bounded.
 */
import { test, expect } from '@playwright/test';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphClient, GraphRequestError, type GraphClientOptions } from '../../../harness/business/createGraphClient.ts';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
  body: Record<string, unknown> | undefined;
}
/** what the server answers: status and body (an object is sent as JSON), or 'hang' for no answer */
type Answer = { status: number; body: unknown } | 'hang';

let server: Server;
let baseUrl: string;
let script: Answer[];
let seen: Seen[];

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

test.beforeEach(async () => {
  script = [];
  seen = [];
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, auth: req.headers.authorization, body: await readJson(req) });
    const answer = script.shift() ?? { status: 500, body: 'script ran out' };
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'Content-Type': 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const client = (extra: Partial<GraphClientOptions> = {}) => createGraphClient({ baseUrl, pageId: 'PAGE', accessToken: 'TOKEN', baseDelayMs: 10, maxDelayMs: 40, requestTimeoutMs: 1000, seed: 7, ...extra });
const graphError = (code: number, message: string, extra: object = {}) => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'Atrace', ...extra } });

async function failure(promise: Promise<unknown>): Promise<GraphRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphRequestError);
  return error as GraphRequestError;
}

test('accept sends the documented body and reads the answer and renegotiation in object form', async () => {
  script.push({ status: 200, body: { success: true, session: { sdp_response: { sdp_type: 'answer', sdp: 'v=0 A' }, sdp_renegotiation: { sdp_type: 'offer', sdp: 'v=0 R' } } } });
  const reply = await client().accept('c_1', 'v=0 OFFER');
  expect(reply).toEqual({ answer: { type: 'answer', sdp: 'v=0 A' }, renegotiation: { type: 'offer', sdp: 'v=0 R' } });
  expect(seen[0]).toMatchObject({ method: 'POST', path: '/v26.0/PAGE/calls', auth: 'Bearer TOKEN' });
  expect(seen[0]!.body).toEqual({ platform: 'messenger', call_id: 'c_1', action: 'accept', session: { sdp_type: 'offer', sdp: 'v=0 OFFER' } });
});

test('accept reads bare-string SDPs, and a reply without renegotiation', async () => {
  script.push({ status: 200, body: { success: true, session: { sdp_response: 'v=0 A', sdp_renegotiation: 'v=0 R' } } });
  script.push({ status: 200, body: { success: true, session: { sdp_response: 'v=0 A2' } } });
  const c = client();
  expect(await c.accept('c_1', 'o')).toEqual({ answer: { type: 'answer', sdp: 'v=0 A' }, renegotiation: { type: 'offer', sdp: 'v=0 R' } });
  expect(await c.accept('c_2', 'o')).toEqual({ answer: { type: 'answer', sdp: 'v=0 A2' } });
});

test('connect reads the call id from `id` or `call_id`; reject, terminate, mediaUpdate send their documented bodies', async () => {
  const answer = { sdp_type: 'answer', sdp: 'v=0 A' };
  script.push({ status: 200, body: { success: true, id: 'c_id', session: { sdp_response: answer } } });
  script.push({ status: 200, body: { success: true, call_id: 'c_callid', session: { sdp_response: answer } } });
  script.push({ status: 200, body: { success: true } }, { status: 200, body: { success: true } });
  script.push({ status: 200, body: { success: true } });
  const c = client({ graphVersion: '' });
  expect((await c.connect('psid_1', 'o')).callId).toBe('c_id');
  expect((await c.connect('psid_1', 'o')).callId).toBe('c_callid');
  await c.reject('c_r');
  await c.terminate('c_t');
  // 200 with no SDP: the documented outcome of a version clash
  expect(await c.mediaUpdate({ callId: 'c_m', fromVersion: 1, toVersion: 2, tracks: [{ msid: 'm0', label: 'default_audio', status: 'enabled' }], offerSdp: 'o2' })).toEqual({});
  expect(seen.map((s) => s.path)).toEqual(Array(5).fill('/PAGE/calls'));
  expect(seen.map((s) => s.body)).toEqual([
    { platform: 'messenger', to: 'psid_1', action: 'connect', session: { sdp_type: 'offer', sdp: 'o' } },
    { platform: 'messenger', to: 'psid_1', action: 'connect', session: { sdp_type: 'offer', sdp: 'o' } },
    { platform: 'messenger', call_id: 'c_r', action: 'reject' },
    { platform: 'messenger', call_id: 'c_t', action: 'terminate' },
    { platform: 'messenger', call_id: 'c_m', action: 'media_update', from_version: 1, to_version: 2, tracks: [{ msid: 'm0', label: 'default_audio', status: 'enabled' }], session: { sdp_type: 'offer', sdp: 'o2' } },
  ]);
});

test('callPermissions reads the page shape and the reference shape; requestCallPermission sends the calling_optin template', async () => {
  script.push({
    status: 200,
    body: {
      permission: { status: 'has_permission', expiration_time: 1_780_604_800 },
      actions: [
        { action_name: 'send_call_permission_request', can_perform: false, limits: [{ time_period: 'PT24H', max_allowed: 2, current_usage: 1 }] },
        { action_name: 'start_call', can_perform: true },
      ],
    },
  });
  script.push({ status: 200, body: { data: [{ permission: { status: 'NO_PERMISSION' }, actions: [{ action_name: 'start_call', can_perform_action: false, limits: [{ max_allowed_per_user: 2 }] }] }] } });
  script.push({ status: 200, body: { recipient: { id: 'psid_1' }, message_id: 'm_1' } });
  const c = client();
  expect(await c.callPermissions('psid_1')).toEqual({
    status: 'has_permission',
    expirationTime: 1_780_604_800,
    actions: [
      { name: 'send_call_permission_request', canPerform: false, limits: [{ timePeriod: 'PT24H', maxAllowed: 2, currentUsage: 1 }] },
      { name: 'start_call', canPerform: true, limits: [] },
    ],
  });
  expect(await c.callPermissions('psid_1')).toEqual({ status: 'no_permission', actions: [{ name: 'start_call', canPerform: false, limits: [{ maxAllowed: 2 }] }] });
  expect(await c.requestCallPermission('psid_1')).toEqual({ messageId: 'm_1', recipientId: 'psid_1' });
  expect(seen[0]).toMatchObject({ method: 'GET', path: '/v26.0/PAGE/messenger_call_permissions' });
  expect(seen[0]!.query.get('psid')).toBe('psid_1');
  expect(seen[2]).toMatchObject({ method: 'POST', path: '/v26.0/PAGE/messages' });
  expect(seen[2]!.body).toEqual({ recipient: { id: 'psid_1' }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } });
});

test('a Graph error envelope becomes a typed GraphRequestError; a permanent one is not retried', async () => {
  script.push({ status: 400, body: graphError(100, 'Call already accepted', { error_subcode: 2_018_001 }) });
  const error = await failure(client().accept('c_1', 'o'));
  expect(error).toMatchObject({ operation: 'accept', failure: 'graph_error', status: 400, code: 100, subcode: 2_018_001, isTransient: false, fbtraceId: 'Atrace', attempts: 1, endCallReason: 'Signaling_Message_Failed' });
  expect(error.message).toContain('Call already accepted');
  expect(seen).toHaveLength(1);
});

test('transient failures are retried with backoff until success: throttling code, is_transient, 503', async () => {
  script.push({ status: 400, body: graphError(4, 'Application request limit reached') });
  script.push({ status: 500, body: graphError(99, 'temporary', { is_transient: true }) });
  script.push({ status: 503, body: 'Service Unavailable' });
  script.push({ status: 200, body: { success: true } });
  const c = client({ maxAttempts: 4 });
  await c.terminate('c_1');
  expect(c.attempts().map((a) => [a.attempt, a.status, a.outcome])).toEqual([
    [1, 400, 'graph_error'],
    [2, 500, 'graph_error'],
    [3, 503, 'http_status'],
    [4, 200, 'ok'],
  ]);
});

test('retries are bounded: a transient failure that persists ends after maxAttempts, typed', async () => {
  script.push(...Array.from({ length: 5 }, () => ({ status: 400, body: graphError(613, 'Calls to this api have exceeded the rate limit') })));
  const error = await failure(client({ maxAttempts: 3 }).reject('c_1'));
  expect(error).toMatchObject({ failure: 'graph_error', code: 613, isTransient: true, attempts: 3 });
  expect(seen).toHaveLength(3);
});

test('a /calls request that times out fails once, typed, within its timeout; it is not repeated (it may have been acted on)', async () => {
  script.push('hang', 'hang');
  const started = performance.now();
  const error = await failure(client({ requestTimeoutMs: 300 }).accept('c_1', 'o'));
  const took = performance.now() - started;
  expect(error).toMatchObject({ operation: 'accept', failure: 'timeout', status: 0, attempts: 1, endCallReason: 'Signaling_Message_Failed' });
  expect(took).toBeGreaterThanOrEqual(290);
  expect(took).toBeLessThan(1500);
  expect(seen).toHaveLength(1);
});

test('a read that times out is retried; a refused connection is retried for a POST (it never arrived)', async () => {
  script.push('hang', { status: 200, body: { permission: { status: 'no_permission' } } });
  const c = client({ requestTimeoutMs: 200 });
  expect((await c.callPermissions('psid_1')).status).toBe('no_permission');
  expect(c.attempts().map((a) => a.outcome)).toEqual(['timeout', 'ok']);

  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const refused = createGraphClient({ baseUrl: `http://127.0.0.1:${port}`, pageId: 'PAGE', accessToken: 'T', baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 });
  const error = await failure(refused.terminate('c_1'));
  expect(error).toMatchObject({ failure: 'network', attempts: 3, endCallReason: 'Signaling_Message_Failed' });
});

test('a reply that is not the documented shape is a typed invalid_reply, not retried', async () => {
  script.push({ status: 200, body: { success: true, session: { sdp_response: { sdp_type: 'pranswer', sdp: 'x' } } } });
  script.push({ status: 200, body: { success: true, session: {} } });
  script.push({ status: 200, body: { success: true, session: { sdp_response: 'v=0' } } });
  script.push({ status: 200, body: { success: false } });
  const c = client();
  expect(await failure(c.accept('c_1', 'o'))).toMatchObject({ failure: 'invalid_reply', attempts: 1 });
  expect((await failure(c.accept('c_1', 'o'))).message).toContain('sdp_response');
  expect((await failure(c.connect('psid', 'o'))).message).toContain('neither id nor call_id');
  expect(await failure(c.terminate('c_1'))).toMatchObject({ failure: 'unsuccessful', attempts: 1 });
  expect(seen).toHaveLength(4);
});

test('the jitter is seeded: two clients with one seed wait the same, another seed differs', async () => {
  const waits = async (seed: number): Promise<number[]> => {
    const slept: number[] = [];
    script.push(...Array.from({ length: 4 }, () => ({ status: 400, body: graphError(17, 'User request limit reached') })));
    await failure(client({ seed, maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, sleep: async (ms) => void slept.push(ms) }).terminate('c'));
    return slept;
  };
  const a = await waits(1);
  expect(a).toHaveLength(3);
  expect(await waits(1)).toEqual(a);
  expect(await waits(2)).not.toEqual(a);
  a.forEach((ms, i) => expect(ms).toBeLessThan(1000 * 2 ** i));
});

test('an accept whose reply lacks the answer after a retry names both attempts', async () => {
  script.push({ status: 400, body: graphError(32, 'Page request limit reached') });
  script.push({ status: 200, body: { success: true } });
  const error = await failure(client().accept('c_1', 'o'));
  expect(error).toMatchObject({ failure: 'invalid_reply', attempts: 2, endCallReason: 'Signaling_Message_Failed' });
  expect(error.message).toContain('after 2 attempts');
});
