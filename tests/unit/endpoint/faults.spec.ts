/**
 * Fault injection: each kind as a client sees it, throttling for N requests and by rate limit,
 * latency, seeded reproducibility, and a plan's validation messages.
 */
import { test, expect } from '@playwright/test';
import { FaultInjector } from '../../../harness/endpoint/faultInjector.ts';
import { parseFaultPlan, faultPlanHelp, type FaultPlan } from '../../../harness/endpoint/faultPlanSchema.ts';
import { isGraphEnvelope, post, startTestEndpoint, tablePayload, type Started } from './endpointFixture.ts';

let s: Started;
test.beforeEach(async () => {
  s = await startTestEndpoint();
});
test.afterEach(async () => {
  await s.endpoint.close();
});

function ended(callId: string): Record<string, unknown> {
  s.endpoint.markCallEnded(callId, Date.now());
  return tablePayload(callId);
}

test('5xx: Graph code 1 with the plan status, code 2 for 503; nothing stored, so a retry is accepted', async () => {
  s.endpoint.setFaults({ sequence: ['5xx'], serverErrorStatus: 500 });
  const body = ended('c_5');
  const first = await post(s.metricsUrl, body);
  expect(first.status).toBe(500);
  expect(isGraphEnvelope(first.json)).toBe(true);
  expect(first.json.error.code).toBe(1);
  expect((await post(s.metricsUrl, body)).json).toEqual({ success: true });

  s.endpoint.setFaults({ sequence: ['5xx'], serverErrorStatus: 503 });
  const busy = await post(s.metricsUrl, ended('c_503'));
  expect([busy.status, busy.json.error.code, busy.json.error.is_transient]).toEqual([503, 2, true]);
});

test('success_false: HTTP 200 {"success": false}, and the submission is not stored', async () => {
  s.endpoint.setFaults({ sequence: ['success_false'] });
  const body = ended('c_sf');
  const a = await post(s.metricsUrl, body);
  expect([a.status, a.text]).toEqual([200, '{"success":false}']);
  expect((await post(s.metricsUrl, body)).json).toEqual({ success: true });
  expect(s.endpoint.requestsFor('c_sf').map((r) => r.outcome.fault ?? null)).toEqual(['success_false', null]);
});

test('throttle: the next N requests get the Graph throttling code (403 by default, status configurable)', async () => {
  s.endpoint.setFaults({ throttle: { requests: 2, code: 32 } });
  const answers = [await post(s.metricsUrl, ended('c_t1')), await post(s.metricsUrl, ended('c_t2')), await post(s.metricsUrl, ended('c_t3'))];
  expect(answers.map((a) => a.status)).toEqual([403, 403, 200]);
  expect(answers[0]?.json.error).toMatchObject({ code: 32, type: 'OAuthException', is_transient: true });
  for (const code of [4, 17, 613] as const) {
    s.endpoint.setFaults({ throttle: { requests: 1, code, httpStatus: 429 } });
    const a = await post(s.metricsUrl, ended(`c_code${code}`));
    expect([a.status, a.json.error.code]).toEqual([429, code]);
    expect(a.json.error.message).toContain(`(#${code})`);
  }
});

test('sequence faults count attempts per call: attempt N of every call gets sequence[N-1]', async () => {
  s.endpoint.setFaults({ sequence: ['throttle_4', 'none', 'permission'] });
  const a = ended('c_a');
  const b = ended('c_b');
  const a1 = await post(s.metricsUrl, a);
  const b1 = await post(s.metricsUrl, b);
  const b2 = await post(s.metricsUrl, b);
  const a2 = await post(s.metricsUrl, a);
  expect([a1.json.error.code, b1.json.error.code]).toEqual([4, 4]);
  expect([b2.json, a2.json]).toEqual([{ success: true }, { success: true }]);
  const c = ended('c_c');
  await post(s.metricsUrl, c);
  const c2 = await post(s.metricsUrl, { ...c, platform: 'x' }); // attempt 2 = 'none' → a real validation error
  const c3 = await post(s.metricsUrl, c);
  expect(c2.json.error.code).toBe(100);
  expect([c3.status, c3.json.error.code]).toEqual([403, 10]);
});

test('rate limit: a sliding window admits maxRequests per windowMs', async () => {
  await s.endpoint.close();
  let now = 1_000_000;
  s = await startTestEndpoint({ clock: () => now });
  s.endpoint.setFaults({ rateLimit: { maxRequests: 2, windowMs: 1000, code: 613 } });
  const call = (id: string) => {
    s.endpoint.markCallEnded(id, now);
    return tablePayload(id, Math.floor(now / 1000));
  };
  const r1 = await post(s.metricsUrl, call('c_r1'));
  const r2 = await post(s.metricsUrl, call('c_r2'));
  const r3 = await post(s.metricsUrl, call('c_r3'));
  now += 1001;
  const r4 = await post(s.metricsUrl, call('c_r4'));
  expect([r1.status, r2.status, r3.status, r4.status]).toEqual([200, 200, 403, 200]);
  expect(r3.json.error.code).toBe(613);
  expect(s.endpoint.requestsFor('c_r3')[0]?.outcome.fault).toBe('rate_limit');
});

test('latency: the answer waits latencyMs', async () => {
  s.endpoint.setFaults({ latencyMs: 300 });
  const t0 = performance.now();
  const a = await post(s.metricsUrl, ended('c_slow'));
  const took = performance.now() - t0;
  expect(a.json).toEqual({ success: true });
  expect(took).toBeGreaterThanOrEqual(290);
  expect(took).toBeLessThan(2000);
});

test('latency: a request held before its answer is in progress for its call until its line is written', async () => {
  s.endpoint.setFaults({ latencyMs: 400 });
  const answered = post(s.metricsUrl, ended('c_held'));
  await expect.poll(() => s.endpoint.inProgressFor('c_held'), { intervals: [5] }).toBe(1);
  expect(s.endpoint.requestsFor('c_held')).toHaveLength(0);
  expect(s.endpoint.inProgressFor('c_other')).toBe(0);
  expect((await answered).json).toEqual({ success: true });
  expect([s.endpoint.inProgressFor('c_held'), s.endpoint.requestsFor('c_held').length]).toEqual([0, 1]);
});

test('timeout: no answer until the client gives up; recorded with status 0 and no respondedAtMs', async () => {
  s.endpoint.setFaults({ sequence: ['timeout'] });
  const body = ended('c_to');
  const t0 = performance.now();
  const failure = await fetch(s.metricsUrl, {
    method: 'POST',
    headers: { authorization: 'Bearer EAAtesttoken0123456789', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(400),
  }).then(
    () => 'answered',
    (e: Error) => e.name,
  );
  expect(failure).toBe('TimeoutError');
  expect(performance.now() - t0).toBeGreaterThanOrEqual(390);
  const [rec] = s.endpoint.requestsFor('c_to');
  expect(rec?.outcome).toMatchObject({ status: 0, fault: 'timeout', accepted: false });
  expect(rec?.respondedAtMs).toBeUndefined();
  expect((await post(s.metricsUrl, body)).json).toEqual({ success: true });
});

test('reset: the connection is reset without an answer; drop_after_accept stores first, so the retry is "already submitted"', async () => {
  s.endpoint.setFaults({ sequence: ['reset'] });
  const body = ended('c_rst');
  const err = await post(s.metricsUrl, body).then(
    () => 'answered',
    (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
  );
  expect(err).toMatch(/ECONNRESET|UND_ERR_SOCKET|other side closed/);
  expect((await post(s.metricsUrl, body)).json).toEqual({ success: true });

  s.endpoint.setFaults({ sequence: ['drop_after_accept'] });
  const lost = ended('c_lost');
  const err2 = await post(s.metricsUrl, lost).then(
    () => 'answered',
    () => 'no answer',
  );
  expect(err2).toBe('no answer');
  const retry = await post(s.metricsUrl, lost);
  expect(retry.json.error.message).toMatch(/already submitted/);
  expect(s.endpoint.requestsFor('c_lost').map((r) => [r.outcome.accepted, r.outcome.fault ?? null])).toEqual([
    [true, 'drop_after_accept'],
    [false, null],
  ]);
});

test('failRate draws are seeded per (seed, call, attempt): the same faults whatever the arrival order', () => {
  const plan: FaultPlan = { seed: 7, failRate: 0.5, failWith: ['5xx', 'timeout', 'throttle_613'] };
  const ids = Array.from({ length: 40 }, (_, i) => `c_${i}`);
  const forward = new FaultInjector(plan);
  const backward = new FaultInjector(plan);
  const a = ids.flatMap((id) => [1, 2].map(() => forward.decide(id, 0).kind));
  const byId = new Map<string, (string | null)[]>();
  for (const id of [...ids].reverse()) byId.set(id, [1, 2].map(() => backward.decide(id, 0).kind));
  expect(ids.flatMap((id) => byId.get(id) ?? [])).toEqual(a);
  const failed = a.filter((k) => k !== null).length;
  expect(failed).toBeGreaterThan(20); // ~40 of 80 at 0.5
  expect(failed).toBeLessThan(60);
  expect(new Set(a.filter((k) => k !== null))).toEqual(new Set(['5xx', 'timeout', 'throttle_613']));
  const other = new FaultInjector({ ...plan, seed: 8 });
  expect(ids.flatMap((id) => [1, 2].map(() => other.decide(id, 0).kind))).not.toEqual(a);
});

test('a call registered with a draw key gets the same faults under any call_id; another run seed, other faults', async () => {
  const plan: FaultPlan = { seed: 7, failRate: 0.5, failWith: ['5xx', 'success_false'] };
  // Six calls of three attempts each, as one run would make them, with fresh random call ids.
  const outcomes = async (endpoint: Started, prefix: string): Promise<(string | null)[]> => {
    endpoint.endpoint.setFaults(plan);
    const kinds: (string | null)[] = [];
    for (let call = 1; call <= 6; call++) {
      const callId = `c_${prefix}${call}`;
      endpoint.endpoint.registerCall(callId, `scenario#1/${call}`);
      endpoint.endpoint.markCallEnded(callId, Date.now());
      for (let attempt = 1; attempt <= 3; attempt++) await post(endpoint.metricsUrl, tablePayload(callId));
      kinds.push(...endpoint.endpoint.requestsFor(callId).map((r) => r.outcome.fault ?? null));
    }
    return kinds;
  };
  const seeded = async (seed: number, prefix: string) => {
    const other = await startTestEndpoint({ seed });
    try {
      return await outcomes(other, prefix);
    } finally {
      await other.endpoint.close();
    }
  };
  const first = await seeded(5, 'a');
  expect(first.filter((k) => k !== null).length).toBeGreaterThan(0);
  expect(await seeded(5, 'b')).toEqual(first);
  expect(await seeded(6, 'c')).not.toEqual(first);
});

test('a bad fault plan is refused with every problem named', () => {
  const r = parseFaultPlan({ failRate: 5, sequence: ['boom'], throttle: { requests: 0, code: 5 }, extra: 1 }, 'scenario.endpoint.faults');
  expect(r.ok).toBe(false);
  const text = r.ok ? '' : r.errors.join('\n');
  expect(text).toContain('scenario.endpoint.faults.failRate must be 0..1, got 5');
  expect(text).toMatch(/scenario\.endpoint\.faults\.sequence\[0\] must be one of/);
  expect(text).toMatch(/throttle\.requests must be an integer 1\.\.1000000, got 0/);
  expect(text).toMatch(/throttle\.code must be one of 4, 17, 32, 613, got 5/);
  expect(text).toMatch(/scenario\.endpoint\.faults\.extra is not a known field \(known: .*failRate/);
  expect(() => s.endpoint.setFaults({ failRate: -1 })).toThrow(/faults\.failRate must be 0\.\.1, got -1/);
  expect(faultPlanHelp()).toMatch(/drop_after_accept/);
});
