/**
 * The business errors the documentation lists, each as the endpoint answers it (README table):
 * invalid call id, invalid page id, outside the 24-hour window, call in progress, already submitted.
 */
import { test, expect } from '@playwright/test';
import { SUBCODE } from '../../../harness/contract/businessSubcodes.ts';
import { isGraphEnvelope, post, startTestEndpoint, tablePayload, type Started } from './endpointFixture.ts';

const HOUR_MS = 3_600_000;
/** a fixed "now" for the endpoint's clock: 2030-01-01T00:00:00Z */
const NOW_MS = Date.UTC(2030, 0, 1);
const NOW_SEC = NOW_MS / 1000;

let s: Started;
let nowMs = NOW_MS;
test.beforeEach(async () => {
  nowMs = NOW_MS;
  s = await startTestEndpoint({ clock: () => nowMs });
});
test.afterEach(async () => {
  await s.endpoint.close();
});

function expectBusinessError(a: { status: number; json: any }, subcode: number, message: RegExp): void {
  expect(a.status).toBe(400);
  expect(isGraphEnvelope(a.json)).toBe(true);
  expect(a.json.error.code).toBe(100);
  expect(a.json.error.error_subcode).toBe(subcode);
  expect(a.json.error.message).toMatch(message);
}

test('invalid call id: a call the page never had', async () => {
  const a = await post(s.metricsUrl, tablePayload('c_unknown', NOW_SEC));
  expectBusinessError(a, SUBCODE.callIdUnknown, /call_id "c_unknown" is not a call of this page/);
});

test('invalid page id: another page in the path is GraphMethodException subcode 33', async () => {
  s.endpoint.markCallEnded('c_1', NOW_MS);
  const a = await post(`${s.endpoint.url}/v21.0/42/call_metrics`, tablePayload('c_1', NOW_SEC));
  expectBusinessError(a, 33, /Object with ID '42' does not exist/);
  expect(a.json.error.type).toBe('GraphMethodException');
});

test('call still in progress: registered, not ended; accepted once it ends', async () => {
  s.endpoint.registerCall('c_live');
  const early = await post(s.metricsUrl, tablePayload('c_live', NOW_SEC));
  expectBusinessError(early, SUBCODE.callInProgress, /still in progress/);
  s.endpoint.markCallEnded('c_live', NOW_MS);
  expect((await post(s.metricsUrl, tablePayload('c_live', NOW_SEC))).json).toEqual({ success: true });
});

test('already submitted: the second submission of an accepted call is refused, whatever its body', async () => {
  s.endpoint.markCallEnded('c_dup', NOW_MS);
  const first = await post(s.metricsUrl, tablePayload('c_dup', NOW_SEC));
  const again = await post(s.metricsUrl, tablePayload('c_dup', NOW_SEC));
  const changed = await post(s.metricsUrl, { ...tablePayload('c_dup', NOW_SEC), end_call_subreason: 'other' });
  expect(first.json).toEqual({ success: true });
  expectBusinessError(again, SUBCODE.alreadySubmitted, /already submitted for call "c_dup"/);
  expectBusinessError(changed, SUBCODE.alreadySubmitted, /already submitted/);
  expect(s.endpoint.requestsFor('c_dup').filter((r) => r.outcome.accepted)).toHaveLength(1);
});

test('outside the 24-hour window: more than 24 h after the call ended, by the endpoint clock', async () => {
  s.endpoint.markCallEnded('c_old', NOW_MS);
  nowMs = NOW_MS + 24 * HOUR_MS + 60_000;
  const late = await post(s.metricsUrl, tablePayload('c_old', Math.floor(nowMs / 1000) - 60));
  expectBusinessError(late, SUBCODE.outsideWindow, /within 24 hours.*ended 24\.0 hours ago/);
  // just inside the window is fine
  s.endpoint.markCallEnded('c_recent', NOW_MS);
  nowMs = NOW_MS + 23 * HOUR_MS;
  expect((await post(s.metricsUrl, tablePayload('c_recent', NOW_SEC))).json).toEqual({ success: true });
});

test('outside the 24-hour window: call_ended_time far in the past (the doc example 123456) or in the future', async () => {
  s.endpoint.markCallEnded('c_t', NOW_MS);
  const past = await post(s.metricsUrl, tablePayload('c_t', 123456));
  expectBusinessError(past, SUBCODE.outsideWindow, /call_ended_time 123456 \(1970-01-02T10:17:36\.000Z\) is more than 24 hours ago/);
  const future = await post(s.metricsUrl, tablePayload('c_t', NOW_SEC + 3600));
  expectBusinessError(future, SUBCODE.outsideWindow, /is in the future/);
  // neither was stored
  expect((await post(s.metricsUrl, tablePayload('c_t', NOW_SEC))).json).toEqual({ success: true });
});

test('business errors come after token and payload checks: a bad payload for an unknown call names the field', async () => {
  const body = tablePayload('c_nobody', NOW_SEC);
  body.platform = 'whatsapp';
  const a = await post(s.metricsUrl, body);
  expect(a.json.error.message).toMatch(/platform must be "messenger"/);
  expect(a.json.error.error_subcode).toBeUndefined();
});
