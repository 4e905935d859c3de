/**
 * `/call_metrics` served by the platform on its own port, over real HTTP: the platform's call
 * state decides (in progress, already submitted, the window, unknown call), the endpoint's fault
 * plan and durable record still work, and the per-call log holds every Graph request of the call.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBCODE } from '../../../harness/contract/businessSubcodes.ts';
import { readRecord } from '../../../harness/endpoint/startEndpoint.ts';
import { tablePayload } from '../endpoint/endpointFixture.ts';
import { OFFER, OTHER_TOKEN, PAGE, TOKEN, post, startTestPlatform, waitForWebhooks, type Started } from './platformFixture.ts';

let s: Started;
test.afterEach(async () => s?.close());

const calls = () => `${s.platform.url}/v21.0/${PAGE}/calls`;
const metrics = () => `${s.platform.url}/v21.0/${PAGE}/call_metrics`;

test('the platform\'s call state decides: in progress, accepted once, already submitted, unknown call id', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-m1', { callId: 'call-m1' });
  const early = await post(metrics(), tablePayload(id));
  expect(early.status).toBe(400);
  expect(early.json.error).toMatchObject({ code: 100, error_subcode: SUBCODE.callInProgress, message: `(#100) call "call-m1" is still in progress; submit its metrics after it ends` });

  expect((await post(calls(), { action: 'accept', call_id: id, session: OFFER })).status).toBe(200);
  expect((await post(metrics(), tablePayload(id))).json.error.error_subcode).toBe(SUBCODE.callInProgress);
  expect((await post(calls(), { action: 'terminate', call_id: id })).json).toEqual({ success: true });

  const ok = await post(metrics(), tablePayload(id));
  expect(ok).toEqual({ status: 200, json: { success: true } });
  const again = await post(metrics(), tablePayload(id));
  expect(again.status).toBe(400);
  expect(again.json.error).toMatchObject({ code: 100, error_subcode: SUBCODE.alreadySubmitted, message: '(#100) metrics were already submitted for call "call-m1"' });

  const unknown = await post(metrics(), tablePayload('no-such-call'));
  expect(unknown.status).toBe(400);
  expect(unknown.json.error).toMatchObject({ code: 100, error_subcode: SUBCODE.callIdUnknown, message: '(#100) call_id "no-such-call" is not a call of this page' });

  // the other app's token owns nothing here: /call_metrics takes the calling app's token only
  expect((await post(metrics(), tablePayload(id), OTHER_TOKEN)).json.error.code).toBe(190);
  // the engine's surface: every request of the call, in record order
  expect(s.platform.callMetrics.requestsFor(id).map((r) => r.outcome.status)).toEqual([400, 400, 200, 400, 400]);
  expect(s.platform.callMetrics.inProgressFor(id)).toBe(0);
  expect(s.platform.callMetrics.url).toBe(`${s.platform.url}/${PAGE}/call_metrics`);
});

test('a shortened submission window refuses metrics after it; a consumer hang-up ends the call for /call_metrics too', async () => {
  s = await startTestPlatform({ callMetrics: { windowMs: 100 } });
  const id = s.platform.consumer.call('psid-m2');
  s.platform.consumer.hangUp(id);
  await new Promise((r) => setTimeout(r, 250));
  const late = await post(metrics(), tablePayload(id));
  expect(late.status).toBe(400);
  expect(late.json.error.error_subcode).toBe(SUBCODE.outsideWindow);
  expect(late.json.error.message).toMatch(/^\(#100\) call metrics must be submitted within 24 hours of the end of the call: the call ended 0\.0 hours ago$/);
});

test('the endpoint\'s fault plan, draw keys and durable record work through the platform', async () => {
  const recordPath = join(mkdtempSync(join(tmpdir(), 'callsoak-platform-')), 'requests.jsonl');
  s = await startTestPlatform({ callMetrics: { recordPath } });
  s.platform.callMetrics.registerCall('call-m3', 'scenario/0/1');
  const id = s.platform.consumer.call('psid-m3', { callId: 'call-m3' });
  s.platform.consumer.hangUp(id);
  s.platform.callMetrics.setFaults({ sequence: ['5xx', 'throttle_4'] });
  const first = await post(metrics(), tablePayload(id));
  expect(first.status).toBe(500);
  expect(first.json.error).toMatchObject({ code: 1, is_transient: true });
  const second = await post(metrics(), tablePayload(id));
  expect(second.status).toBe(403);
  expect(second.json.error.code).toBe(4);
  expect((await post(metrics(), tablePayload(id))).json).toEqual({ success: true });
  expect(() => s.platform.callMetrics.setFaults({ sequence: ['nope'] } as never)).toThrow(/faults\.sequence\[0\]/);

  const onDisk = readRecord(recordPath);
  expect(onDisk.map((r) => [r.callId, r.outcome.status, r.outcome.fault ?? null, r.outcome.accepted])).toEqual([
    ['call-m3', 500, '5xx', false],
    ['call-m3', 403, 'throttle_4', false],
    ['call-m3', 200, null, true],
  ]);
  expect(s.platform.callMetrics.allRequests()).toHaveLength(3);
});

test('logOf: state times, every webhook with its attempts, every Graph request of the call (tokens removed), the edge\'s SDP', async () => {
  s = await startTestPlatform();
  const id = s.platform.consumer.call('psid-log', { callId: 'call-log' });
  await waitForWebhooks(s.receiver, 1);
  const accept = await post(calls(), { action: 'accept', call_id: id, session: OFFER, access_token: TOKEN }, null);
  await s.platform.consumer.changeMedia(id);
  await post(calls(), { action: 'terminate', call_id: id });
  await waitForWebhooks(s.receiver, 3);
  await post(metrics(), tablePayload(id));
  await Promise.all(s.platform.deliveries().map((d) => d.done));

  const log = s.platform.logOf(id);
  const call = s.platform.call(id)!;
  expect(log.callId).toBe('call-log');
  expect(log.state).toEqual({ direction: 'user_initiated', createdAtMs: call.createdAtMs, connectedAtMs: call.connectedAtMs, endedAtMs: call.endedAtMs, endedBy: 'business_terminate' });
  expect(log.webhooks.map((w) => [w.field, w.event, w.kind, w.outcome, w.attempts.map((a) => a.status)])).toEqual([
    ['calls', 'connect', 'real', 'delivered', [200]],
    ['calls', 'media_update', 'real', 'delivered', [200]],
    ['calls', 'terminate', 'real', 'delivered', [200]],
  ]);
  const received = s.receiver.received.filter((r) => r.method === 'POST').map((r) => r.body.toString());
  expect(log.webhooks.map((w) => w.body)).toEqual(received);

  expect(log.requests.map((r) => [r.method, r.action ?? null, r.status])).toEqual([['POST', 'accept', 200], ['POST', 'terminate', 200], ['POST', null, 200]]);
  const [acc, term, sub] = log.requests;
  expect(acc!.path).toBe(`/v21.0/${PAGE}/calls`);
  expect(JSON.parse(acc!.body)).toEqual({ action: 'accept', call_id: id, session: OFFER });
  expect(acc!.body).not.toContain(TOKEN);
  expect(JSON.parse(acc!.response)).toEqual(accept.json);
  expect(acc!.answeredAtMs).toBeGreaterThanOrEqual(acc!.receivedAtMs);
  expect(term!.response).toBe('{"success":true}');
  expect(sub!.path).toBe(`/v21.0/${PAGE}/call_metrics`);
  expect(JSON.parse(sub!.response)).toEqual({ success: true });

  expect(log.edge.answer).toBe(accept.json.session.sdp_response.sdp);
  expect(log.edge.renegotiation).toBe(accept.json.session.sdp_renegotiation.sdp);
  expect(log.edge.mediaUpdates).toEqual([JSON.parse(received[1]!).entry[0].calls[0].session.sdp_renegotiation.sdp]);
  expect(log.edge).toMatchObject({ updateAnswers: [], differences: [], firstAudioToBusinessAtMs: null });
  expect(() => s.platform.logOf('nope')).toThrow('logOf: no call "nope" on this platform');
});
