/**
 * The default submitter against the real endpoint on 127.0.0.1 with injected faults: retries
 * what is transient, never what is permanent, always the same bytes, within its budget, and
 * exactly one accepted record per call even when the endpoint is flaky.
 */
import { test, expect } from '@playwright/test';
import { mulberry32 } from '../../../harness/random/mulberry32.ts';
import { submitCallMetrics, type SubmitOptions } from '../../../harness/agent/submitter/submitCallMetrics.ts';
import { backoffDelayMs } from '../../../harness/agent/submitter/backoffDelayMs.ts';
import { classifyResponse } from '../../../harness/agent/submitter/classifyResponse.ts';
import type { FaultPlan } from '../../../harness/endpoint/faultPlanSchema.ts';
import { TOKEN, startTestEndpoint, tablePayload, type Started } from '../endpoint/endpointFixture.ts';

let s: Started;
test.beforeEach(async () => {
  s = await startTestEndpoint();
});
test.afterEach(async () => {
  await s.endpoint.close();
});

/** Fast retries so a test takes milliseconds; the production defaults are in SUBMIT_DEFAULTS. */
function opts(extra: Partial<SubmitOptions> = {}): SubmitOptions {
  return { url: s.metricsUrl, accessToken: TOKEN, baseDelayMs: 20, maxDelayMs: 80, requestTimeoutMs: 1000, totalBudgetMs: 5000, ...extra };
}

function ended(callId: string): Record<string, unknown> {
  s.endpoint.markCallEnded(callId, Date.now());
  return tablePayload(callId);
}

test('transient failures are retried until accepted: 5xx, success:false, throttling codes, timeout, reset', async () => {
  s.endpoint.setFaults({ sequence: ['5xx', 'success_false', 'throttle_4', 'throttle_17', 'throttle_32', 'throttle_613', 'timeout', 'reset'], timeoutHoldMs: 5000 });
  const result = await submitCallMetrics(ended('c_t'), opts({ maxAttempts: 10, requestTimeoutMs: 300 }), { random: mulberry32(1) });
  expect(result.accepted).toBe(true);
  expect(result.attempts.map((a) => a.outcome)).toEqual([
    'transient',
    'transient',
    'transient',
    'transient',
    'transient',
    'transient',
    'timeout',
    'network',
    'accepted',
  ]);
  expect(result.attempts.map((a) => a.graphCode ?? null)).toEqual([1, null, 4, 17, 32, 613, null, null, null]);
  const records = s.endpoint.requestsFor('c_t');
  expect(records).toHaveLength(9);
  expect(records.filter((r) => r.outcome.accepted)).toHaveLength(1);
});

test('every attempt carries identical bytes, and the SHA-256 the submitter logs is the one the endpoint received', async () => {
  s.endpoint.setFaults({ sequence: ['5xx', '5xx'] });
  const result = await submitCallMetrics(ended('c_same'), opts(), { random: mulberry32(2) });
  const shas = new Set([...result.attempts.map((a) => a.bodySha), ...s.endpoint.requestsFor('c_same').map((r) => r.bodySha256)]);
  expect(result.attempts).toHaveLength(3);
  expect(shas.size).toBe(1);
  expect([...shas][0]).toMatch(/^[0-9a-f]{64}$/);
});

for (const [name, setup, code] of [
  ['invalid payload (100)', (p: Record<string, unknown>) => ({ ...p, platform: 'sms' }), 100],
  ['wrong token (190)', (p: Record<string, unknown>) => p, 190],
  ['permission (10)', (p: Record<string, unknown>) => p, 10],
] as const) {
  test(`a permanent error is never retried: ${name}`, async () => {
    if (code === 10) s.endpoint.setFaults({ sequence: ['permission'] });
    const result = await submitCallMetrics(setup(ended('c_p')), opts(code === 190 ? { accessToken: 'wrong' } : {}));
    expect(result.accepted).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).toMatchObject({ outcome: 'permanent', graphCode: code });
    expect(result.finalError).toBeTruthy();
    expect(s.endpoint.requestsFor('c_p')).toHaveLength(1);
  });
}

test('"already submitted" stops the submitter; after a lost answer it means the earlier attempt was stored', async () => {
  s.endpoint.setFaults({ sequence: ['drop_after_accept'] });
  const lost = await submitCallMetrics(ended('c_lost'), opts());
  expect(lost.attempts.map((a) => a.outcome)).toEqual(['network', 'already_submitted']);
  expect(lost.accepted).toBe(true);
  expect(s.endpoint.requestsFor('c_lost').filter((r) => r.outcome.accepted)).toHaveLength(1);

  s.endpoint.setFaults({});
  const body = ended('c_twice');
  expect((await submitCallMetrics(body, opts())).accepted).toBe(true);
  const second = await submitCallMetrics(body, opts());
  expect(second.accepted).toBe(false);
  expect(second.attempts.map((a) => a.outcome)).toEqual(['already_submitted']);
});

test('the total time is bounded: an endpoint that never answers costs at most the budget', async () => {
  s.endpoint.setFaults({ failRate: 1, failWith: ['timeout'], timeoutHoldMs: 30_000 });
  const t0 = performance.now();
  const result = await submitCallMetrics(ended('c_slow'), opts({ totalBudgetMs: 1500, requestTimeoutMs: 400, maxAttempts: 50 }));
  const took = performance.now() - t0;
  expect(result.accepted).toBe(false);
  expect(result.finalError).toMatch(/budget/);
  expect(took).toBeLessThan(1500 + 500); // margin for a busy machine; without the budget it would be ~20 s
  expect(result.attempts.length).toBeGreaterThanOrEqual(3);
  expect(result.attempts.every((a) => a.outcome === 'timeout')).toBe(true);
});

test('attempts are capped by maxAttempts', async () => {
  s.endpoint.setFaults({ failRate: 1, failWith: ['5xx'] });
  const result = await submitCallMetrics(ended('c_cap'), opts({ maxAttempts: 3 }));
  expect(result.attempts).toHaveLength(3);
  expect(result.finalError).toMatch(/gave up after 3 attempts/);
  expect(s.endpoint.requestsFor('c_cap')).toHaveLength(3);
});

test('a flaky endpoint (seeded, 40% faults) loses nothing: 60 calls, exactly one accepted record each', async () => {
  s.endpoint.setFaults({ seed: 11, failRate: 0.4, failWith: ['5xx', 'success_false', 'reset', 'drop_after_accept', 'throttle_613', 'timeout'], timeoutHoldMs: 5000 });
  const ids = Array.from({ length: 60 }, (_, i) => `c_flaky_${i}`);
  const random = mulberry32(3);
  const results = await Promise.all(ids.map((id) => submitCallMetrics(ended(id), opts({ maxAttempts: 8, requestTimeoutMs: 300 }), { random })));
  expect(results.filter((r) => !r.accepted).map((r) => r.finalError)).toEqual([]);
  for (const id of ids) {
    const records = s.endpoint.requestsFor(id);
    expect(records.filter((r) => r.outcome.accepted), id).toHaveLength(1);
    expect(new Set(records.map((r) => r.bodySha256)).size).toBe(1);
  }
  const faults = s.endpoint.allRequests().filter((r) => r.outcome.fault).length;
  expect(faults).toBeGreaterThan(10); // the endpoint really was flaky
});

test('the page going away between attempts hands the same bytes to sendBeacon, and stops retrying', async () => {
  s.endpoint.setFaults({ sequence: ['5xx'] });
  let hide: (() => void) | null = null;
  const beacons: { url: string; body: string }[] = [];
  const pending = submitCallMetrics(ended('c_hide'), opts({ baseDelayMs: 10_000, maxDelayMs: 10_000, totalBudgetMs: 30_000 }), {
    random: () => 0.99,
    onPageHide: (listener) => {
      hide = listener;
      return () => (hide = null);
    },
    sendBeacon: (url, data) => {
      beacons.push({ url, body: data });
      void fetch(url, { method: 'POST', body: data, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
      return true;
    },
  });
  // wait until the first attempt failed and the submitter is in its ~10 s backoff
  for (let i = 0; i < 200 && s.endpoint.requestsFor('c_hide').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  (hide as (() => void) | null)?.();
  const result = await pending;
  expect(performance.now() - t0).toBeLessThan(500);
  expect(result.handedOff).toBe('beacon');
  expect(result.attempts.map((a) => [a.outcome, a.via])).toEqual([
    ['transient', 'fetch'],
    ['handed_off', 'beacon'],
  ]);
  expect(beacons[0]?.url).toContain(`access_token=${TOKEN}`);
  for (let i = 0; i < 100 && s.endpoint.requestsFor('c_hide').length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  const records = s.endpoint.requestsFor('c_hide');
  expect(records.map((r) => [r.outcome.status, r.tokenSource, r.headers['content-type']])).toEqual([
    [500, null, 'application/json'],
    [200, 'query', 'text/plain;charset=UTF-8'],
  ]);
  expect(records[0]?.bodySha256).toBe(records[1]?.bodySha256);
});

const inFlightCases: { ends: string; plan: FaultPlan; accepted: boolean; first: string; records: unknown[] }[] = [
  // the attempt in flight is answered 500 after 400 ms: the hand-off is what stores the metrics
  { ends: 'fails', plan: { sequence: ['5xx'], latencyMs: 400 }, accepted: false, first: 'transient', records: [[500, false, undefined], [200, true, undefined]] },
  // the attempt in flight is stored and answered 200 after 400 ms: the hand-off is "already submitted"
  { ends: 'succeeds', plan: { latencyMs: 400 }, accepted: true, first: 'accepted', records: [[200, true, undefined], [400, false, 9_800_004]] },
];
for (const { ends, plan, ...expected } of inFlightCases) {
  test(`the page going away during an attempt that ${ends}: the same bytes are handed off at once, marked, and stored exactly once`, async () => {
    const callId = `c_inflight_${ends}`;
    s.endpoint.setFaults(plan);
    let hide: (() => void) | null = null;
    const beacons: string[] = [];
    const pending = submitCallMetrics(ended(callId), opts(), {
      random: () => 0.5,
      onPageHide: (listener) => {
        hide = listener;
        return () => (hide = null);
      },
      sendBeacon: (url, data) => {
        beacons.push(url);
        void fetch(url, { method: 'POST', body: data, headers: { 'content-type': 'text/plain;charset=UTF-8' } });
        return true;
      },
    });
    // the page goes away while the endpoint holds the first attempt
    await expect.poll(() => s.endpoint.inProgressFor(callId), { intervals: [5] }).toBe(1);
    (hide as (() => void) | null)?.();
    expect(beacons).toHaveLength(1); // synchronously, inside the event
    expect(new URL(beacons[0]!).searchParams.get('callsoak_handoff')).toBe('pagehide');
    const result = await pending;
    expect(result.accepted).toBe(expected.accepted);
    expect(result.handedOff).toBe('beacon');
    expect(result.attempts.map((a) => [a.attempt, a.outcome, a.via])).toEqual([
      [1, expected.first, 'fetch'],
      [2, 'handed_off', 'beacon'],
    ]);
    await expect.poll(() => s.endpoint.requestsFor(callId).length + s.endpoint.inProgressFor(callId)).toBe(2);
    await expect.poll(() => s.endpoint.inProgressFor(callId)).toBe(0);
    const records = s.endpoint.requestsFor(callId);
    expect(records.map((r) => [r.outcome.status, r.outcome.accepted, r.outcome.graphSubcode])).toEqual(expected.records);
    expect(records.map((r) => r.query.callsoak_handoff ?? null)).toEqual([null, 'pagehide']);
    expect(records[0]?.bodySha256).toBe(records[1]?.bodySha256);
  });
}

test('classification table: by Graph code first, HTTP status second', () => {
  const err = (code: number, extra: Record<string, unknown> = {}) => JSON.stringify({ error: { message: 'm', type: 'OAuthException', code, fbtrace_id: 'x', ...extra } });
  const cases: [number, string, string][] = [
    [200, '{"success":true}', 'accepted'],
    [200, '{"success":false}', 'transient'],
    [200, 'ok', 'transient'],
    [500, err(1), 'transient'],
    [503, err(2), 'transient'],
    [403, err(4), 'transient'],
    [400, err(17), 'transient'],
    [403, err(32), 'transient'],
    [400, err(613), 'transient'],
    [400, err(100), 'permanent'],
    [400, err(100, { error_subcode: 9_800_004 }), 'already_submitted'],
    [400, err(190), 'permanent'],
    [403, err(10), 'permanent'],
    [403, err(250), 'permanent'],
    [400, err(368, { is_transient: true }), 'transient'],
    [502, '<html>bad gateway</html>', 'transient'],
    [429, '', 'transient'],
    [404, 'not found', 'permanent'],
  ];
  expect(cases.map(([status, body]) => classifyResponse(status, body).outcome)).toEqual(cases.map((c) => c[2]));
});

test('backoff: capped exponential with full jitter', () => {
  expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, 250, 4000, () => 0.999999))).toEqual([249, 499, 999, 1999, 3999, 3999]);
  expect(backoffDelayMs(3, 250, 4000, () => 0)).toBe(0);
  const random = mulberry32(5);
  const draws = Array.from({ length: 2000 }, () => backoffDelayMs(3, 250, 4000, random));
  expect(Math.max(...draws)).toBeLessThan(1000);
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  expect(mean).toBeGreaterThan(450);
  expect(mean).toBeLessThan(550);
});
