/**
 * 1,000 generated bodies each to `/calls`, to `/{app}/subscriptions` (which runs the
 * subscription handshake) and to `/{page}/call_metrics` (the endpoint's handler on the platform's
 * port): every answer is a success or a Graph error envelope with 400/403, nothing crashes, and
 * the server still serves a valid request afterwards.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { tablePayload } from '../endpoint/endpointFixture.ts';
import { APP, OFFER, PAGE, TOKEN, isGraphEnvelope, startTestPlatform, type Started } from './platformFixture.ts';

const RUNS = 1_000;
/** Fixed seed so a failure reproduces; fast-check prints the counterexample either way. */
const SEED = 7_310;

let s: Started;
test.afterEach(async () => s?.close());

/** Values a careless or hostile client sends for any field. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', 'v=0', OFFER, OFFER.replace('m=audio', 'm=video'), 'ACCEPT', 'c_0_1', '\u0000', '😀'),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

const sessionValue = fc.oneof(anyValue, fc.record({ sdp_type: fc.constantFrom('offer', 'OFFER', 'answer', 3), sdp: anyValue }, { requiredKeys: [] }));

const callsBody = fc.oneof(
  { weight: 6, arbitrary: fc.record({ action: fc.oneof(fc.constantFrom('accept', 'reject', 'terminate', 'connect', 'media_update', 'Accept'), anyValue), call_id: anyValue, id: anyValue, to: anyValue, session: sessionValue, from_version: anyValue, to_version: anyValue, tracks: anyValue, platform: anyValue, access_token: fc.constantFrom(TOKEN, 'bad', 5) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
  { weight: 2, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')) },
);

async function send(url: string, body: string, contentType: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${TOKEN}` }, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status} answered non-JSON ${JSON.stringify(text.slice(0, 80))} to ${JSON.stringify(body.slice(0, 80))}`);
  }
  return { status: res.status, json };
}

function answeredWell(r: { status: number; json: any }): boolean {
  if (r.status === 200) return r.json?.success === true;
  return [400, 403, 413].includes(r.status) && isGraphEnvelope(r.json);
}

test('1,000 generated bodies to /calls: each answered with success or a Graph envelope; the server keeps serving', async () => {
  test.setTimeout(120_000);
  s = await startTestPlatform();
  // a few real calls so generated call ids sometimes hit one
  for (let i = 0; i < 3; i++) s.platform.consumer.call(`psid-${i}`);
  const url = `${s.platform.url}/v21.0/${PAGE}/calls`;
  await fc.assert(
    fc.asyncProperty(callsBody, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'image/png'), async (body, type) => {
      const r = await send(url, body, type);
      expect(answeredWell(r as any), `${r.status} ${JSON.stringify(r.json)} for ${body.slice(0, 120)}`).toBe(true);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  const id = s.platform.consumer.call('after');
  expect((await send(url, JSON.stringify({ action: 'accept', call_id: id, session: OFFER }), 'application/json')).status).toBe(200);
});

test('1,000 generated bodies to the subscription handshake route: each answered with success or a Graph envelope', async () => {
  test.setTimeout(120_000);
  s = await startTestPlatform({ delivery: { deadlineMs: 300, retryDelaysMs: [] } });
  const url = `${s.platform.url}/${APP}/subscriptions`;
  const callback = fc.oneof(anyValue, fc.constantFrom(s.receiver.url, 'http://127.0.0.1:1/dead', 'https://example.com/x', 'not a url', 'http://localhost:1/x'));
  const body = fc.oneof(
    { weight: 6, arbitrary: fc.record({ object: fc.oneof(fc.constantFrom('page', 'PAGE', 'user'), anyValue), callback_url: callback, verify_token: anyValue, fields: fc.oneof(fc.constantFrom('calls', 'calls,call_permission_reply', ['calls'], 'feed', ''), anyValue) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  );
  await fc.assert(
    fc.asyncProperty(body, async (b) => {
      const r = await send(url, b, 'application/json');
      expect(answeredWell(r as any), `${r.status} ${JSON.stringify(r.json)} for ${b.slice(0, 120)}`).toBe(true);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  expect((await send(url, JSON.stringify({ object: 'page', callback_url: s.receiver.url, verify_token: 'v', fields: 'calls' }), 'application/json')).json).toEqual({ success: true });
});

test('1,000 generated bodies to /call_metrics on the platform: each answered with success or a Graph envelope; the server keeps serving', async () => {
  test.setTimeout(120_000);
  s = await startTestPlatform();
  // calls in every state the rules tell apart: in progress, ended (the first valid body is accepted, then "already submitted")
  const live = s.platform.consumer.call('m-live');
  const ended = Array.from({ length: 3 }, (_, i) => s.platform.consumer.call(`m-ended-${i}`));
  for (const id of ended) s.platform.consumer.hangUp(id);
  const valid = tablePayload('x');
  const field = (name: string) => fc.oneof(fc.constant(valid[name]), anyValue);
  const metricsBody = fc.oneof(
    { weight: 6, arbitrary: fc.record({ ...Object.fromEntries(Object.keys(valid).map((k) => [k, field(k)])), call_id: fc.oneof(fc.constantFrom(live, ...ended, 'unknown'), anyValue), access_token: fc.constantFrom(TOKEN, 'bad', 5) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')) },
  );
  const url = `${s.platform.url}/v21.0/${PAGE}/call_metrics`;
  await fc.assert(
    fc.asyncProperty(metricsBody, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'image/png'), async (body, type) => {
      const r = await send(url, body, type);
      expect(answeredWell(r as any), `${r.status} ${JSON.stringify(r.json)} for ${body.slice(0, 120)}`).toBe(true);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  const after = s.platform.consumer.call('m-after');
  s.platform.consumer.hangUp(after);
  expect((await send(url, JSON.stringify(tablePayload(after)), 'application/json')).json).toEqual({ success: true });
  expect((await send(`${s.platform.url}/${PAGE}/calls`, JSON.stringify({ action: 'accept', call_id: live, session: OFFER }), 'application/json')).status).toBe(200);
});
