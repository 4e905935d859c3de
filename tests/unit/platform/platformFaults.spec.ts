/**
 * Platform faults over real HTTP, one test per kind, each asserting what the fault changes (so it
 * would fail if the fault did nothing): request faults by action (fail, hang, delay, corrupt),
 * webhook faults by event (duplicate, delay, fail-attempts, forge, status), a failing media edge,
 * the version-clash option, and the consumer call's options (id, hidden caller, accept window).
 */
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { PLATFORM_ERRORS } from '../../../harness/platform/platformErrors.ts';
import { simpleMediaEdge } from '../../../harness/platform/mediaEdge.ts';
import { OFFER, PAGE, SECRET, post, startTestPlatform, waitForWebhooks, webhooks, type Started } from './platformFixture.ts';

let s: Started;
test.afterEach(async () => s?.close());

const calls = () => `${s.platform.url}/v21.0/${PAGE}/calls`;
const accept = (id: string) => post(calls(), { action: 'accept', call_id: id, session: OFFER });
const events = () => webhooks(s.receiver).map((w) => w.entry[0].calls[0]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The business asks `psid` for permission (calling_optin), and the consumer answers. */
async function permit(psid: string): Promise<void> {
  const msg = { recipient: { id: psid }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } };
  expect((await post(`${s.platform.url}/${PAGE}/messages`, msg)).status).toBe(200);
  s.platform.consumer.answerPermission(psid, true);
}
const signedBy = (secret: string, body: Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

test('request fail: the nth accept answers the given status with a Graph envelope, the state does not change; the retry connects', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f1', { requests: [{ action: 'accept', do: 'fail', status: 503 }] });
  const id = s.platform.consumer.call('psid-f1', { callId: 'f1' });
  const failed = await accept(id);
  expect(failed.status).toBe(503);
  expect(failed.json.error).toMatchObject({ code: 2, message: '(#2) Service temporarily unavailable', is_transient: true, fbtrace_id: expect.any(String) });
  expect(s.platform.call(id)!.phase).toBe('offered');
  expect((await accept(id)).status).toBe(200);
  expect(s.platform.call(id)!.phase).toBe('connected');
  expect(s.platform.logOf(id).requests.map((r) => [r.action, r.status, r.fault ?? null])).toEqual([['accept', 503, 'fail 503'], ['accept', 200, null]]);
});

test('request hang: no answer; the socket closes after the hold; the state does not change; the log says never answered', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-f2');
  s.platform.setFaults(id, { requests: [{ action: 'terminate', do: 'hang', ms: 300 }] });
  const t0 = Date.now();
  await expect(post(calls(), { action: 'terminate', call_id: id })).rejects.toThrow();
  expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  expect(s.platform.call(id)!.phase).toBe('offered');
  expect(s.platform.logOf(id).requests).toEqual([expect.objectContaining({ action: 'terminate', status: 0, answeredAtMs: null, response: '', fault: 'hang 300 ms' })]);
  expect((await post(calls(), { action: 'terminate', call_id: id })).json).toEqual({ success: true });
});

test('request delay: answered after the delay, handled normally', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-f3');
  s.platform.setFaults(id, { requests: [{ action: 'accept', do: 'delay', ms: 300 }] });
  const t0 = Date.now();
  const r = await accept(id);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  expect(r.status).toBe(200);
  expect(r.json.session.sdp_response.sdp).toContain('v=0');
  expect(s.platform.logOf(id).requests[0]!.fault).toBe('delay 300 ms');
});

test('request corrupt: the call connects, but the 200 answer has no sdp_response; a corrupt terminate answers no success', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-f4');
  s.platform.setFaults(id, { requests: [{ action: 'accept', do: 'corrupt' }, { action: 'terminate', do: 'corrupt' }] });
  const r = await accept(id);
  expect(r).toEqual({ status: 200, json: { success: true, session: {} } });
  expect(s.platform.call(id)!.phase).toBe('connected');
  expect(await post(calls(), { action: 'terminate', call_id: id })).toEqual({ status: 200, json: {} });
  expect(s.platform.call(id)!.phase).toBe('ended');
});

test('next-call faults: the first connect fails (no call, no webhook), the retry creates the call; its log holds both', async () => {
  s = await startTestPlatform();
  await permit('psid-f5');
  await waitForWebhooks(s.receiver, 1);
  s.platform.setNextCallFaults({ requests: [{ action: 'connect', do: 'fail' }] });
  const body = { action: 'connect', to: 'psid-f5', session: OFFER };
  const first = await post(calls(), body);
  expect(first.status).toBe(500);
  expect(first.json.error).toMatchObject({ code: 1, message: 'An unknown error occurred' });
  await sleep(50);
  expect(webhooks(s.receiver)).toHaveLength(1);
  const second = await post(calls(), body);
  expect(second.status).toBe(200);
  expect(s.platform.logOf(second.json.call_id).requests.map((r) => [r.action, r.status])).toEqual([['connect', 500], ['connect', 200]]);
});

test('webhook duplicate: the same bytes and signature twice; the log marks the copy', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f6', { webhooks: [{ event: 'connect', do: 'duplicate', ms: 20 }] });
  s.platform.consumer.call('psid-f6', { callId: 'f6' });
  await waitForWebhooks(s.receiver, 2);
  const [a, b] = s.receiver.received.filter((r) => r.method === 'POST');
  expect(b!.body.equals(a!.body)).toBe(true);
  expect(b!.headers['x-hub-signature-256']).toBe(a!.headers['x-hub-signature-256']);
  expect(s.platform.logOf('f6').webhooks.map((w) => [w.event, w.kind])).toEqual([['connect', 'real'], ['connect', 'duplicate']]);
});

test('webhook delay: the connect is held back, so the terminate overtakes it', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f7', { webhooks: [{ event: 'connect', do: 'delay', ms: 200 }] });
  s.platform.consumer.call('psid-f7', { callId: 'f7' });
  s.platform.consumer.hangUp('f7');
  await waitForWebhooks(s.receiver, 2);
  expect(events().map((e) => e.event)).toEqual(['terminate', 'connect']);
  expect(s.platform.logOf('f7').webhooks.find((w) => w.event === 'connect')).toMatchObject({ kind: 'delayed', fault: 'delay 200 ms' });
});

test('webhook fail-attempts: the first attempt is not sent and recorded as failed; the retry delivers', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f8', { webhooks: [{ event: 'connect', do: 'fail-attempts', attempts: 1 }] });
  s.platform.consumer.call('psid-f8', { callId: 'f8' });
  await waitForWebhooks(s.receiver, 1);
  await Promise.all(s.platform.deliveries().map((d) => d.done));
  expect(s.receiver.received.filter((r) => r.method === 'POST')).toHaveLength(1);
  const [hook] = s.platform.logOf('f8').webhooks;
  expect(hook!.outcome).toBe('delivered');
  expect(hook!.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([[1, 0, 'fault: attempt not sent (fail-attempts 1)'], [2, 200, null]]);
});

test('webhook forge: a copy signed with a wrong secret comes first, then the real one', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f9', { webhooks: [{ event: 'connect', do: 'forge' }] });
  s.platform.consumer.call('psid-f9', { callId: 'f9' });
  await waitForWebhooks(s.receiver, 2);
  const posts = s.receiver.received.filter((r) => r.method === 'POST');
  const valid = posts.map((r) => r.headers['x-hub-signature-256'] === signedBy(SECRET, r.body));
  expect(valid.sort()).toEqual([false, true]);
  expect(posts[0]!.body.equals(posts[1]!.body)).toBe(true);
  expect(s.platform.logOf('f9').webhooks.map((w) => [w.kind, w.forged ?? false])).toEqual([['forged', true], ['real', false]]);
});

test('webhook status: the terminate carries the given status text', async () => {
  s = await startTestPlatform();
  s.platform.setFaults('f10', { webhooks: [{ event: 'terminate', do: 'status', status: 'Busy' }] });
  s.platform.consumer.call('psid-f10', { callId: 'f10' });
  s.platform.consumer.hangUp('f10');
  await waitForWebhooks(s.receiver, 2);
  expect(events().find((e) => e.event === 'terminate')!.status).toBe('Busy');
  expect(s.platform.logOf('f10').webhooks[1]!.fault).toBe('status "Busy"');
});

test('permission faults: a reply webhook duplicated for that consumer only', async () => {
  s = await startTestPlatform();
  s.platform.setPermissionFaults('psid-p', { webhooks: [{ event: 'call_permission_reply', do: 'duplicate' }] });
  await permit('psid-p');
  await permit('psid-q');
  await waitForWebhooks(s.receiver, 3);
  await sleep(50);
  expect(webhooks(s.receiver).map((w) => w.entry[0].sender.id).sort()).toEqual(['psid-p', 'psid-p', 'psid-q']);
});

test('a plan with a bad field is refused, naming the field', () => {
  const p = { setFaults: (plan: unknown) => startTestPlatform().then(async (x) => { try { x.platform.setFaults('c', plan as never); } finally { await x.close(); } }) };
  return Promise.all([
    expect(p.setFaults({ requests: [{ action: 'accept', do: 'delay' }] })).rejects.toThrow('faults["c"].requests[0].ms is required when do is "delay"'),
    expect(p.setFaults({ requests: [{ action: 'acept', do: 'fail' }] })).rejects.toThrow(/faults\["c"\]\.requests\[0\]\.action must be/),
    expect(p.setFaults({ requests: [{ action: 'accept', do: 'hang', ms: 40_000 }] })).rejects.toThrow('faults["c"].requests[0].ms must be ≤ 30000 for hang, got 40000'),
    expect(p.setFaults({ webhooks: [{ event: 'connect', do: 'status', status: 'x' }] })).rejects.toThrow('faults["c"].webhooks[0].do "status" applies to event "terminate" only, got "connect"'),
    expect(p.setFaults({ webhooks: [{ event: 'connect', do: 'forge', attempts: 2 }] })).rejects.toThrow('faults["c"].webhooks[0].attempts is not used when do is "forge"'),
  ]);
});

test('a media edge that throws on accept: the request gets a Graph error and the call ends Failed with a terminate webhook', async () => {
  const edge = { ...simpleMediaEdge(), answer: () => { throw new Error('no port free'); } };
  s = await startTestPlatform({ mediaEdge: edge });
  const id = s.platform.consumer.call('psid-e');
  const r = await accept(id);
  const row = PLATFORM_ERRORS.mediaEdgeFailed;
  expect(r.status).toBe(row.status);
  expect(r.json.error).toMatchObject({ code: row.code, error_subcode: row.subcode, message: '(#1) The call could not be connected: media failure: no port free' });
  expect(s.platform.call(id)).toMatchObject({ phase: 'ended', endedBy: 'failure' });
  await waitForWebhooks(s.receiver, 2);
  expect(events()[1]).toMatchObject({ id, event: 'terminate', status: 'Failed' });
});

test("versionClash 'empty-200': a media_update version clash answers 200 without SDP", async () => {
  s = await startTestPlatform({ versionClash: 'empty-200' });
  const id = s.platform.consumer.call('psid-v');
  await accept(id);
  const clash = await post(calls(), { action: 'media_update', call_id: id, from_version: 5, to_version: 6, session: OFFER });
  expect(clash).toEqual({ status: 200, json: { success: true } });
  expect(s.platform.call(id)!.mediaVersion).toBe(0);
});

test('consumer.call options: the caller\'s id, a hidden caller, a per-call accept window; bad options name the field', async () => {
  s = await startTestPlatform();
  expect(s.platform.consumer.call('psid-o', { callId: 'mine-1', callerHidden: true, acceptTimeoutMs: 150 })).toBe('mine-1');
  expect(() => s.platform.consumer.call('psid-o', { callId: 'mine-1' })).toThrow('consumer side: (#100) Call id already in use');
  expect(() => s.platform.consumer.call('psid-o', { callId: '' })).toThrow('consumer.call: callId must be a string of 1..200 characters, got ""');
  expect(() => s.platform.consumer.call('psid-o', { acceptTimeoutMs: -1 })).toThrow('consumer.call: acceptTimeoutMs must be a number of ms ≥ 0, got -1');
  expect(() => s.platform.consumer.call('psid-o', { calId: 'x' } as never)).toThrow('consumer.call: calId is not a known option');
  await waitForWebhooks(s.receiver, 2);
  const [connect, terminate] = events();
  expect(connect).toMatchObject({ id: 'mine-1', event: 'connect', to: PAGE });
  expect(connect).not.toHaveProperty('from');
  // the platform's window is 60 s; this call's was 150 ms
  expect(terminate).toMatchObject({ id: 'mine-1', event: 'terminate', status: 'Completed' });
  expect(s.platform.call('mine-1')!.endedBy).toBe('timeout');
});
