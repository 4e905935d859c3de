/**
 * The embedded endpoint speaks the Graph API: paths, tokens, payload errors, envelopes, CORS
 * and the content types a browser sends. Real HTTP on 127.0.0.1.
 */
import { test, expect } from '@playwright/test';
import { readRecord } from '../../../harness/endpoint/startEndpoint.ts';
import { DOC_EXAMPLE_BODY, PAGE_ID, TOKEN, isGraphEnvelope, post, startTestEndpoint, tablePayload, type Started } from './endpointFixture.ts';

let s: Started;
test.beforeEach(async () => {
  s = await startTestEndpoint();
});
test.afterEach(async () => {
  await s.endpoint.close();
});

const JSON_ONLY = { 'content-type': 'application/json' };

function endedCall(callId: string): Record<string, unknown> {
  s.endpoint.markCallEnded(callId, Date.now() - 1000);
  return tablePayload(callId);
}

test('the documentation example, trailing comma and all, gets a 400 that says where the JSON breaks', async () => {
  const a = await post(s.metricsUrl, DOC_EXAMPLE_BODY);
  expect(a.status).toBe(400);
  expect(isGraphEnvelope(a.json)).toBe(true);
  expect(a.json.error.code).toBe(100);
  // the offending comma closes audio_stats on line 17 (`  },`)
  expect(a.json.error.message).toMatch(/not valid JSON/);
  expect(a.json.error.message).toMatch(/line 17, column \d+/);
  expect(a.json.error.message).toMatch(/trailing comma/);
});

test('versioned and unversioned paths both accept a well-formed payload', async () => {
  const unversioned = await post(s.metricsUrl, endedCall('c_plain'));
  const versioned = await post(`${s.endpoint.url}/v21.0/${PAGE_ID}/call_metrics`, endedCall('c_v21'));
  const trailingSlash = await post(`${s.endpoint.url}/v19.0/${PAGE_ID}/call_metrics/`, endedCall('c_v19'));
  for (const a of [unversioned, versioned, trailingSlash]) {
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ success: true });
  }
});

test('the example variant (_sec keys, no audio_stats.call_ended_time) is accepted too', async () => {
  const body = endedCall('c_example');
  body.audio_stats = {
    jitter_sec: 0.01,
    packets_lost: 0,
    packets_received: 1000,
    round_trip_time_sec: 10.5,
    jitter_buffer_delay_sec: 4000.5,
    concealed_samples: 2000,
    silent_concealed_samples: 16000,
    total_samples_duration_sec: 316.5,
  };
  const a = await post(s.metricsUrl, body);
  expect(a.json).toEqual({ success: true });
});

test('the token is read from the query, the body, a Bearer header or an OAuth header', async () => {
  const query = await post(`${s.metricsUrl}?access_token=${TOKEN}`, endedCall('c_q'), JSON_ONLY);
  const inBody = await post(s.metricsUrl, { ...endedCall('c_b'), access_token: TOKEN }, JSON_ONLY);
  const bearer = await post(s.metricsUrl, endedCall('c_h'), { ...JSON_ONLY, authorization: `Bearer ${TOKEN}` });
  const oauth = await post(s.metricsUrl, endedCall('c_o'), { ...JSON_ONLY, authorization: `OAuth ${TOKEN}` });
  expect([query.status, inBody.status, bearer.status, oauth.status]).toEqual([200, 200, 200, 200]);
  const sources = Object.fromEntries(s.endpoint.allRequests().map((r) => [r.callId, r.tokenSource]));
  expect(sources).toEqual({ c_q: 'query', c_b: 'body', c_h: 'header', c_o: 'header' });
});

test('a missing or wrong token is code 190 OAuthException with WWW-Authenticate', async () => {
  const missing = await post(s.metricsUrl, endedCall('c_1'), JSON_ONLY);
  const wrongHeader = await post(s.metricsUrl, endedCall('c_2'), { ...JSON_ONLY, authorization: 'Bearer nope' });
  const wrongQuery = await post(`${s.metricsUrl}?access_token=nope`, endedCall('c_3'), JSON_ONLY);
  const wrongBody = await post(s.metricsUrl, { ...endedCall('c_4'), access_token: 'nope' }, JSON_ONLY);
  for (const a of [missing, wrongHeader, wrongQuery, wrongBody]) {
    expect(a.status).toBe(400);
    expect(isGraphEnvelope(a.json)).toBe(true);
    expect(a.json.error.code).toBe(190);
    expect(a.json.error.type).toBe('OAuthException');
    expect(a.headers.get('www-authenticate')).toMatch(/^OAuth "Facebook Platform"/);
  }
  expect(missing.json.error.message).toMatch(/access token is required/);
  expect(wrongBody.json.error.message).toMatch(/from body/);
  // nothing was stored: the right token afterwards is accepted
  expect((await post(s.metricsUrl, endedCall('c_1'))).json).toEqual({ success: true });
});

test('an invalid payload is code 100 naming the offending field', async () => {
  const body = endedCall('c_bad');
  (body.audio_stats as Record<string, unknown>).packets_lost = 2.5;
  const a = await post(s.metricsUrl, body);
  expect(a.status).toBe(400);
  expect(a.json.error.code).toBe(100);
  expect(a.json.error.message).toBe('(#100) audio_stats.packets_lost must be an integer, got 2.5');
  expect(a.json.error.error_user_msg).toMatch(/field table/);
});

test('when both variants fail, the issues of the closer one are reported', async () => {
  const body = endedCall('c_mixed');
  // example spelling throughout, one field wrong: the example variant has 1 issue, the table many
  (body as Record<string, unknown>).audio_stats = {
    jitter_sec: 0.01,
    packets_lost: 0,
    packets_received: -4,
    round_trip_time_sec: 0.2,
    jitter_buffer_delay_sec: 1,
    concealed_samples: 0,
    silent_concealed_samples: 0,
    total_samples_duration_sec: 1,
  };
  const a = await post(s.metricsUrl, body);
  expect(a.json.error.message).toMatch(/^\(#100\) audio_stats\.packets_received must be ≥ 0, got -4$/);
  expect(a.json.error.error_user_msg).toMatch(/documentation's example/);
});

test('every error carries an fbtrace_id, unique per answer, echoed in x-fb-trace-id', async () => {
  const answers = [
    await post(s.metricsUrl, '{', JSON_ONLY),
    await post(s.metricsUrl, '{'),
    await post(`${s.endpoint.url}/${PAGE_ID}/feed`, {}),
    await post(`${s.endpoint.url}/999/call_metrics`, endedCall('c_x')),
  ];
  const ids = answers.map((a) => a.json.error.fbtrace_id);
  answers.forEach((a, i) => {
    expect(isGraphEnvelope(a.json)).toBe(true);
    expect(a.headers.get('x-fb-trace-id')).toBe(ids[i]);
  });
  expect(new Set(ids).size).toBe(ids.length);
});

test('unknown paths and methods get Graph errors, not a bare 404', async () => {
  const path = await post(`${s.endpoint.url}/${PAGE_ID}/call_metric`, {});
  expect(path.status).toBe(400);
  expect(path.json.error.code).toBe(2500);
  const get = await fetch(s.metricsUrl);
  const getJson = (await get.json()) as { error: { code: number; message: string } };
  expect(get.status).toBe(400);
  expect(getJson.error.code).toBe(100);
  expect(getJson.error.message).toMatch(/Unsupported get request/);
});

test('CORS: a preflight from another 127.0.0.1 origin is answered, and answers carry Allow-Origin', async () => {
  const origin = 'http://127.0.0.1:4567';
  const pre = await fetch(s.metricsUrl, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
  expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
  expect(pre.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
  const a = await post(s.metricsUrl, endedCall('c_cors'), { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, origin });
  expect(a.headers.get('access-control-allow-origin')).toBe(origin);
  const err = await post(s.metricsUrl, '[', { 'content-type': 'application/json', origin });
  expect(err.headers.get('access-control-allow-origin')).toBe(origin);
});

test('a sendBeacon-style request (text/plain JSON, token in the query) is accepted', async () => {
  const a = await post(`${s.metricsUrl}?access_token=${TOKEN}`, JSON.stringify(endedCall('c_beacon')), {
    'content-type': 'text/plain;charset=UTF-8',
  });
  expect(a.json).toEqual({ success: true });
});

test('a form-urlencoded request with audio_stats as a JSON string is accepted; a numeric-looking call_id stays a string', async () => {
  const body = endedCall('987654321');
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  form.set('access_token', TOKEN);
  const a = await post(s.metricsUrl, form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  expect(a.json).toEqual({ success: true });
  const multipart = await post(s.metricsUrl, 'x', { 'content-type': 'multipart/form-data; boundary=x', authorization: `Bearer ${TOKEN}` });
  expect(multipart.status).toBe(400);
  expect(multipart.json.error.message).toMatch(/unsupported Content-Type "multipart\/form-data"/);
});

test('the record redacts the token wherever it travelled', async () => {
  await post(`${s.metricsUrl}?access_token=${TOKEN}`, endedCall('c_r1'), JSON_ONLY);
  await post(s.metricsUrl, { ...endedCall('c_r2'), access_token: TOKEN }, JSON_ONLY);
  await post(s.metricsUrl, endedCall('c_r3'));
  await s.endpoint.close();
  const text = JSON.stringify(readRecord(s.recordPath));
  expect(text).not.toContain(TOKEN);
  expect(text).toContain('Bearer <redacted>');
});
