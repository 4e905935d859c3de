/**
 * The platform over real HTTP on 127.0.0.1: consumer- and business-initiated calls end to end
 * with their webhooks, permissions, tokens, paths, both readings of each disagreement, and a
 * 400 naming the field for each kind of bad request.
 */
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { PLATFORM_ERRORS } from '../../../harness/platform/platformErrors.ts';
import { APP, OFFER, OTHER_TOKEN, PAGE, SECRET, post, startTestPlatform, waitForWebhooks, webhooks, type Started } from './platformFixture.ts';

let s: Started;
test.afterEach(async () => s?.close());

const calls = () => `${s.platform.url}/v21.0/${PAGE}/calls`;
const expectError = (r: { status: number; json: any }, key: keyof typeof PLATFORM_ERRORS) => {
  const row = PLATFORM_ERRORS[key];
  expect({ status: r.status, code: r.json.error?.code, subcode: r.json.error?.error_subcode }).toEqual({ status: row.status, code: row.code, subcode: 'subcode' in row ? row.subcode : undefined });
  expect(typeof r.json.error.fbtrace_id).toBe('string');
};

test('consumer call: connect webhook → accept (object SDP) → terminate webhook with duration', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-1');
  const [connect] = await waitForWebhooks(s.receiver, 1);
  expect(connect).toEqual({ object: 'page', entry: [{ id: PAGE, time: expect.any(Number), calls: [expect.objectContaining({ id, event: 'connect', from: 'psid-1', to: PAGE, call_direction: 'user_initiated' })] }] });
  const raw = s.receiver.received.find((x) => x.method === 'POST')!;
  expect(raw.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(raw.body).digest('hex')}`);

  const acc = await post(calls(), { platform: 'messenger', call_id: id, action: 'accept', session: { sdp_type: 'offer', sdp: OFFER } });
  expect(acc.status).toBe(200);
  expect(acc.json.success).toBe(true);
  expect(acc.json.session.sdp_response).toEqual({ sdp_type: 'answer', sdp: expect.stringContaining('a=ice-lite') });
  expect(acc.json.session.sdp_response.sdp).toContain('o=- 4611731400430051336 3 ');
  expect(acc.json.session.sdp_renegotiation.sdp_type).toBe('offer');
  expectError(await post(calls(), { call_id: id, action: 'accept', session: OFFER }), 'callAlreadyAccepted');
  expectError(await post(calls(), { call_id: id, action: 'accept', session: OFFER }, OTHER_TOKEN), 'notCallOwner');

  expect((await post(`${s.platform.url}/${PAGE}/calls`, { call_id: id, action: 'terminate' })).json).toEqual({ success: true });
  expectError(await post(calls(), { call_id: id, action: 'terminate' }), 'callAlreadyTerminated');
  const all = await waitForWebhooks(s.receiver, 2);
  const term = all.flatMap((w) => w.entry[0].calls).filter((c: any) => c.event === 'terminate');
  expect(term).toEqual([expect.objectContaining({ id, status: 'Completed', duration: expect.any(Number), start_time: expect.any(Number), end_time: expect.any(Number) })]);
});

test('reject (upper-case action, `id` for call_id), then its errors; a bare-string SDP is read too', async () => {
  s = await startTestPlatform();
  const other = s.platform.consumer.call('psid-2b');
  const bare = await post(calls(), { call_id: other, action: 'accept', session: OFFER });
  expect(bare.json.session.sdp_response).toEqual({ sdp_type: 'answer', sdp: expect.stringContaining('v=0') });
  const id = s.platform.consumer.call('psid-2');
  expect((await post(calls(), { id, action: 'REJECT' })).json).toEqual({ success: true });
  expectError(await post(calls(), { call_id: id, action: 'reject' }), 'callAlreadyRejected');
  expectError(await post(calls(), { call_id: id, action: 'accept', session: OFFER }), 'cannotAcceptEnded');
  expectError(await post(calls(), { call_id: id, action: 'terminate' }), 'cannotTerminateEnded');
  expectError(await post(calls(), { call_id: 'c_unknown', action: 'terminate' }), 'invalidCallId');
});

test('the accept timeout sends one terminate without duration and grants permission', async () => {
  s = await startTestPlatform({ acceptTimeoutMs: 100 });
  const id = s.platform.consumer.call('psid-3');
  const all = await waitForWebhooks(s.receiver, 2);
  const term = all.flatMap((w) => w.entry[0].calls).find((c: any) => c.event === 'terminate');
  expect(term).toEqual({ id, event: 'terminate', timestamp: expect.any(Number), status: 'Completed', start_time: expect.any(Number), end_time: expect.any(Number) });
  const perm = await fetch(`${s.platform.url}/${PAGE}/messenger_call_permissions?psid=psid-3&access_token=EAAplatformtoken`).then((r) => r.json());
  expect(perm.permission.status).toBe('has_permission');
});

test('business call: no permission → 403; opt-in request, approve webhook; connect → ringing → pick-up → media_update', async () => {
  s = await startTestPlatform({ requestLimit: 2 });
  const connect = { platform: 'messenger', to: 'psid-4', action: 'connect', session: { sdp_type: 'offer', sdp: OFFER } };
  expectError(await post(calls(), connect), 'noCallPermission');

  const msg = { recipient: { id: 'psid-4' }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } };
  const sent = await post(`${s.platform.url}/${PAGE}/messages`, msg);
  expect(sent.json).toMatchObject({ recipient: { id: 'psid-4' }, message_id: expect.any(String) });
  s.platform.consumer.answerPermission('psid-4', true);
  const [reply] = await waitForWebhooks(s.receiver, 1);
  expect(reply.entry[0]).toMatchObject({ id: PAGE, sender: { id: 'psid-4' }, recipient: { id: PAGE }, call_permission_reply: { response: 'approve', expiration_timestamp: expect.any(Number) } });
  const perm = await fetch(`${s.platform.url}/v21.0/${PAGE}/messenger_call_permissions?psid=psid-4`, { headers: { authorization: 'Bearer EAAplatformtoken' } }).then((r) => r.json());
  expect(perm).toEqual({
    permission: { status: 'has_permission', expiration_time: expect.any(Number) },
    actions: [
      { action_name: 'send_call_permission_request', can_perform: true, limits: [{ time_period: 'PT24H', max_allowed: 2, current_usage: 1 }] },
      { action_name: 'start_call', can_perform: true },
    ],
  });
  await post(`${s.platform.url}/${PAGE}/messages`, msg);
  expectError(await post(`${s.platform.url}/${PAGE}/messages`, msg), 'permissionRequestLimit');

  const c = await post(calls(), connect);
  expect(c.status).toBe(200);
  expect(c.json).toEqual({ success: true, id: expect.stringMatching(/^c_/), call_id: c.json.id, session: { sdp_response: { sdp_type: 'answer', sdp: expect.any(String) } } });
  await s.platform.consumer.pickUp(c.json.id);
  const events = (await waitForWebhooks(s.receiver, 5)).flatMap((w) => w.entry[0].calls ?? []).map((e: any) => e.event === 'call_status' ? `status:${e.call_status}` : e.event);
  expect(events.sort()).toEqual(['connect', 'media_update', 'status:accepted', 'status:ringing']);
  const mu = await post(calls(), { call_id: c.json.id, action: 'media_update', from_version: 1, to_version: 2, tracks: [{ msid: 'a', label: 'DEFAULT_AUDIO', status: 'enabled' }], session: { sdp_type: 'offer', sdp: OFFER } });
  expect(mu.json.success).toBe(true);
  expectError(await post(calls(), { call_id: c.json.id, action: 'media_update', from_version: 1, to_version: 2, session: OFFER }), 'mediaVersionConflict');
  expectError(await post(calls(), { call_id: c.json.id, action: 'media_update', from_version: 2, to_version: 3, tracks: [{ msid: ' ', label: 'default_audio', status: 'enabled' }], session: OFFER }), 'invalidTrackMsid');
});

test('a rejected permission request: reject webhook without expiration, still no permission', async () => {
  s = await startTestPlatform();
  await post(`${s.platform.url}/${PAGE}/messages`, { recipient: { id: 'p5' }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } });
  s.platform.consumer.answerPermission('p5', false);
  const [reply] = await waitForWebhooks(s.receiver, 1);
  expect(reply.entry[0].call_permission_reply).toEqual({ response: 'reject' });
  expect(() => s.platform.consumer.answerPermission('p5', true)).toThrow(/no pending/);
});

test('bad requests: each a 400 naming the field', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('p6');
  const missing = await post(calls(), { action: 'accept', session: OFFER });
  expectError(missing, 'invalidParameter');
  expect(missing.json.error.message).toContain('call_id is required');
  const unknown = await post(calls(), { action: 'dance', call_id: id });
  expectError(unknown, 'unknownAction');
  expect(unknown.json.error.message).toContain('action must be one of');
  const notSdp = await post(calls(), { action: 'accept', call_id: id, session: { sdp_type: 'offer', sdp: 'hello' } });
  expectError(notSdp, 'invalidSdp');
  expect(notSdp.json.error.message).toContain('session.sdp');
  const noAudio = await post(calls(), { action: 'accept', call_id: id, session: OFFER.replace('m=audio', 'm=video') });
  expectError(noAudio, 'offerWithoutOpus');
  const noOpus = await post(calls(), { action: 'accept', call_id: id, session: OFFER.replace('a=rtpmap:111 opus/48000/2\r\n', '') });
  expectError(noOpus, 'offerWithoutOpus');
  expectError(await post(calls(), '{"action":', ), 'invalidJson');
  expectError(await post(calls(), { action: 'terminate', call_id: id }, 'EAAwrong'), 'tokenInvalid');
  expectError(await post(calls(), { action: 'terminate', call_id: id }, null), 'tokenMissing');
  expectError(await post(`${s.platform.url}/42/calls`, { action: 'terminate', call_id: id }), 'pageNotFound');
  expectError(await post(`${s.platform.url}/%E0%A4%A/calls`, { action: 'terminate', call_id: id }), 'pageNotFound');
  expectError(await post(`${s.platform.url}/${PAGE}/nothing`, {}), 'unknownPath');
  expect(s.platform.call(id)?.phase).toBe('offered');
});

test('POST /{app}/subscriptions: the handshake decides; a non-loopback callback is refused', async () => {
  s = await startTestPlatform();
  const subs = `${s.platform.url}/${APP}/subscriptions`;
  expect((await post(subs, { object: 'page', callback_url: s.receiver.url, verify_token: 'x', fields: 'calls,call_permission_reply' })).json).toEqual({ success: true });
  expectError(await post(subs, { object: 'page', callback_url: 'http://127.0.0.1:1/none', verify_token: 'x', fields: ['calls'] }), 'callbackVerificationFailed');
  expectError(await post(subs, { object: 'page', callback_url: 'https://example.com/hook', verify_token: 'x', fields: ['calls'] }), 'callbackNotLoopback');
  expectError(await post(subs, { object: 'page', callback_url: s.receiver.url, verify_token: 'x', fields: ['feed'] }), 'invalidParameter');
  expect(webhooks(s.receiver)).toEqual([]);
});
