/**
 * The business's webhook receiver over real HTTP on 127.0.0.1: the handshake, signatures over
 * the exact bytes (checked against an HMAC computed in the test), forged deliveries, duplicates,
 * out-of-order events, and an answer that never waits for the application.
 */
import { test, expect } from '@playwright/test';
import { startWebhookReceiver, type WebhookReceiver } from '../../../harness/business/startWebhookReceiver.ts';
import type { BusinessEvent } from '../../../harness/business/businessEvent.ts';
import { APP_SECRET, PAGE, VERIFY_TOKEN, calls, connect, eventually, mediaUpdate, post, sign, terminate } from './webhookFixture.ts';

let receiver: WebhookReceiver;
let seen: BusinessEvent[];
test.beforeEach(async () => {
  receiver = await startWebhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
  seen = [];
  receiver.events.on('*', (e) => void seen.push(e));
});
test.afterEach(async () => {
  await receiver.close();
});

const handshake = (query: string) => fetch(`${receiver.url}?${query}`).then(async (r) => ({ status: r.status, text: await r.text() }));

test('handshake: the right token echoes the challenge; a wrong token or no challenge is 403', async () => {
  expect(await handshake(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`)).toEqual({ status: 200, text: '1158201444' });
  expect((await handshake('hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444')).status).toBe(403);
  expect((await handshake(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`)).status).toBe(403);
  expect((await handshake(`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
  expect(receiver.deliveries().map((d) => [d.kind, d.status])).toEqual([
    ['verification', 200],
    ['verification', 403],
    ['verification', 403],
    ['verification', 403],
  ]);
});

test('a delivery signed over its exact bytes is accepted and its events handed over, typed', async () => {
  // escaped unicode, as Meta encodes: the signature is over these bytes, not over a re-encoding
  const body = calls(connect('c_1', 1_780_000_000)).replace('psid_1', 'psid_\\u00e9');
  const answer = await post(receiver.url, body, sign(body));
  expect(answer.status).toBe(200);
  await eventually(() => seen.length === 1);
  expect(seen[0]).toEqual({ kind: 'connect', callId: 'c_1', pageId: PAGE, timestamp: 1_780_000_000, from: 'psid_é', to: PAGE, direction: 'user_initiated', deliverySeq: 1 });
  const [record] = receiver.deliveries();
  expect(record).toMatchObject({ kind: 'delivery', signature: 'ok', status: 200, handled: true, duplicate: false, bytes: Buffer.byteLength(body) });
});

test('the same JSON re-serialized with other whitespace fails verification: the bytes are what is signed', async () => {
  const body = calls(connect('c_ws', 1_780_000_000));
  const reformatted = JSON.stringify(JSON.parse(body), null, 2);
  const answer = await post(receiver.url, reformatted, sign(body));
  expect(answer.status).toBe(403);
  // and the exact bytes pass
  expect((await post(receiver.url, body, sign(body))).status).toBe(200);
  expect(receiver.deliveries().map((d) => d.signature)).toEqual(['mismatch', 'ok']);
});

test('forged, unsigned and malformed signatures are ignored (403) and recorded, their events never handed over', async () => {
  const body = calls(connect('c_forged', 1_780_000_000));
  expect((await post(receiver.url, body, sign(body, 'not-the-secret'))).status).toBe(403);
  expect((await post(receiver.url, body, null)).status).toBe(403);
  expect((await post(receiver.url, body, 'sha1=abcdef')).status).toBe(403);
  await new Promise((r) => setTimeout(r, 50));
  expect(seen).toEqual([]);
  const records = receiver.deliveries();
  expect(records.map((d) => [d.signature, d.status, d.handled, d.events.length])).toEqual([
    ['mismatch', 403, false, 0],
    ['missing', 403, false, 0],
    ['malformed', 403, false, 0],
  ]);
  expect(records[0]!.problems.join(' ')).toContain('ignored');
});

test('a delivery retried with the same body is handled once, and recorded as a duplicate', async () => {
  const body = calls(connect('c_dup', 1_780_000_000), mediaUpdate('c_dup', 1_780_000_005, 1));
  expect((await post(receiver.url, body)).status).toBe(200);
  expect((await post(receiver.url, body)).status).toBe(200);
  await eventually(() => receiver.deliveries().length === 2);
  await new Promise((r) => setTimeout(r, 50));
  expect(seen.map((e) => e.kind)).toEqual(['connect', 'media_update']);
  const [first, second] = receiver.deliveries();
  expect(first).toMatchObject({ duplicate: false, handled: true });
  expect(second).toMatchObject({ duplicate: true, handled: false, bodySha256: first!.bodySha256 });
  expect(second!.events.map((e) => e.outcome)).toEqual(['duplicate', 'duplicate']);
});

test('out of order: a terminate before its connect ends the call, and the late connect is not handed over', async () => {
  await post(receiver.url, calls(terminate('c_ooo', 1_780_000_100)));
  await post(receiver.url, calls(connect('c_ooo', 1_780_000_000)));
  await eventually(() => receiver.deliveries().length === 2);
  await new Promise((r) => setTimeout(r, 50));
  expect(seen.map((e) => e.kind)).toEqual(['terminate']);
  expect(seen[0]).toMatchObject({ callId: 'c_ooo', status: 'Completed', durationSec: 120 });
  expect(receiver.deliveries()[1]!.events).toEqual([{ identity: 'c_ooo|connect|1780000000', what: 'connect', outcome: 'after_terminate' }]);
});

test('media_update: the highest version wins; an older one arriving later is ignored', async () => {
  await post(receiver.url, calls(connect('c_mu', 1_780_000_000)));
  await post(receiver.url, calls(mediaUpdate('c_mu', 1_780_000_020, 3)));
  await post(receiver.url, calls(mediaUpdate('c_mu', 1_780_000_010, 2)));
  await post(receiver.url, calls(mediaUpdate('c_mu', 1_780_000_030, '4' as unknown as number)));
  await eventually(() => seen.length === 3);
  await new Promise((r) => setTimeout(r, 50));
  expect(seen.filter((e) => e.kind === 'media_update').map((e) => (e.kind === 'media_update' ? [e.version, e.offer.sdp] : []))).toEqual([
    [3, 'v=0 offer 3'],
    [4, 'v=0 offer 4'],
  ]);
  expect(receiver.deliveries()[2]!.events[0]!.outcome).toBe('older_version');
});

test('the answer never waits for the application: a 3 s handler, answers within 500 ms', async () => {
  let started = 0;
  let finished = 0;
  receiver.events.on('connect', async () => {
    started++;
    await new Promise((r) => setTimeout(r, 3000));
    finished++;
  });
  const answers = await Promise.all([1, 2, 3].map((n) => post(receiver.url, calls(connect(`c_slow${n}`, 1_780_000_000)))));
  for (const a of answers) {
    expect(a.status).toBe(200);
    expect(a.ms).toBeLessThan(500);
  }
  for (const d of receiver.deliveries()) expect(d.answerMs).toBeLessThan(500);
  await eventually(() => started === 3);
  expect(finished).toBe(0);
});

test('a listener that throws is recorded against its delivery; the receiver carries on', async () => {
  receiver.events.on('terminate', () => {
    throw new Error('boom');
  });
  expect((await post(receiver.url, calls(terminate('c_err', 1_780_000_000)))).status).toBe(200);
  await eventually(() => receiver.deliveries()[0]?.handlerErrors.length === 1);
  expect(receiver.deliveries()[0]!.handlerErrors).toEqual(['terminate: boom']);
  expect((await post(receiver.url, calls(connect('c_after', 1_780_000_000)))).status).toBe(200);
});

test('permission replies are read bare in entry[] and wrapped in messaging[]; the iterator sees every event', async () => {
  const reply = (ts: number, response: string) => ({ sender: { id: 'psid_9' }, recipient: { id: PAGE }, timestamp: ts, call_permission_reply: { response, ...(response === 'approve' ? { expiration_timestamp: ts + 604_800 } : {}) } });
  const collected: BusinessEvent[] = [];
  const reading = (async () => {
    for await (const e of receiver.events) {
      collected.push(e);
      if (collected.length === 2) return;
    }
  })();
  await post(receiver.url, JSON.stringify({ object: 'page', entry: [reply(1_780_000_000, 'approve')] }));
  await post(receiver.url, JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: 1, messaging: [reply(1_780_000_050, 'reject')] }] }));
  await reading;
  expect(collected).toEqual([
    { kind: 'call_permission_reply', psid: 'psid_9', pageId: PAGE, timestamp: 1_780_000_000, response: 'approve', expirationTimestamp: 1_780_604_800, deliverySeq: 1 },
    { kind: 'call_permission_reply', psid: 'psid_9', pageId: PAGE, timestamp: 1_780_000_050, response: 'reject', deliverySeq: 2 },
  ]);
});

test('a signed delivery that is not the documented shape is acknowledged and its problems recorded', async () => {
  const body = calls({ id: 'c_bad', event: 'terminate', timestamp: 1_780_000_000, status: '' }, { id: 'c_new', event: 'ring', timestamp: 1 });
  expect((await post(receiver.url, body)).status).toBe(200);
  const [record] = receiver.deliveries();
  expect(record!.problems).toEqual(["entry[0].calls[0].status must be a non-empty string, got ''"]);
  expect(record!.events.map((e) => e.outcome)).toEqual(['invalid', 'unknown_event']);
  expect((await post(receiver.url, '{not json')).status).toBe(200);
  expect(receiver.deliveries()[1]!.problems[0]).toContain('not JSON');
});

test("a terminate's undocumented status and a connect's session version are handed over as they came, for the client to judge", async () => {
  const body = calls({ id: 'c_v', event: 'connect', timestamp: 1_780_000_000, from: 'psid_1', to: PAGE, call_direction: 'user_initiated', session: { version: 2 } });
  expect((await post(receiver.url, body, sign(body))).status).toBe(200);
  const end = calls({ id: 'c_v', event: 'terminate', timestamp: 1_780_000_009, status: 'x-vendor-42', start_time: 1_780_000_000, end_time: 1_780_000_009, duration: 9 });
  expect((await post(receiver.url, end, sign(end))).status).toBe(200);
  await eventually(() => seen.length === 2);
  expect(seen.map((e) => (e.kind === 'connect' ? e.version : e.kind === 'terminate' ? e.status : null))).toEqual([2, 'x-vendor-42']);
});
