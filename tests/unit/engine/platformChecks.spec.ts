/**
 * The platform checks against small platform logs: a call that went right passes (or has no
 * verdict where the log cannot decide), and each bug put in on purpose fails its check with a
 * message naming what was compared with what.
 */
import { test, expect } from '@playwright/test';
import { platformChecks } from '../../../harness/engine/checks/platformChecks.ts';
import type { PlatformLog } from '../../../harness/results/platformLog.ts';
import type { CheckResult } from '../../../harness/results/resultsTypes.ts';
import { at, attempt, callLog, callsRequest, metricsPayload, metricsRequest, webhook } from './support/platformLogBuilder.ts';

function check(log: PlatformLog, id: string): CheckResult {
  const found = platformChecks(log).find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

/** pass, fail or no verdict, per check id */
function verdicts(log: PlatformLog): Record<string, string> {
  return Object.fromEntries(platformChecks(log).map((c) => [c.id, c.noVerdict ? 'no verdict' : c.ok ? 'pass' : 'FAIL']));
}

const STILL_IN_PROGRESS = '{"error":{"message":"(#100) Call still in progress","code":100}}';

test('a call the consumer hangs up, handled right: every check passes or has nothing to judge', () => {
  expect(verdicts(callLog())).toEqual({
    'platform.webhooks_answered_in_time': 'pass',
    'platform.forged_webhook_ignored': 'no verdict',
    'platform.duplicate_terminate_once': 'no verdict',
    'platform.call_ended_time': 'pass',
    'platform.first_audio_after_delivery': 'pass',
    'platform.metrics_after_end': 'pass',
    'platform.metrics_once': 'pass',
  });
  expect(check(callLog(), 'platform.call_ended_time').message).toBe(
    'call_ended_time 1767268810 s, audio_stats.call_ended_time 1767268810 s; expected 1767268810 ±1 s, the second the business received the real terminate webhook #2 (attempt 1, answered HTTP 200) (1767268810.005 s Unix, call+10.005 s)',
  );
  expect(check(callLog(), 'platform.first_audio_after_delivery').message).toBe(
    'first_audio_packet_received_time 1767268801 s: not before 1767268801, the second the edge first forwarded consumer audio to the business (edge.firstAudioToBusinessAtMs 1767268801.250 s Unix, call+1.250 s)',
  );
  expect(check(callLog(), 'platform.metrics_after_end').message).toBe('all 1 /call_metrics request(s) arrived at or after the end (first at call+10.400 s); the call ended at call+10.000 s (state.endedAtMs, consumer_hangup)');
  expect(check(callLog(), 'platform.metrics_once').message).toBe('one accepted /call_metrics submission (/call_metrics #1 at call+10.400 s → HTTP 200), nothing after it');
  expect(check(callLog(), 'platform.webhooks_answered_in_time').message).toBe('all 2 attempt(s) of 2 webhook(s) got a 2xx within 5000 ms (slowest: connect webhook #1 attempt 1: HTTP 200 after 15 ms)');
});

test('a call the business terminates: call_ended_time is the second its terminate was answered', () => {
  const log = callLog('business_terminate');
  expect(Object.values(verdicts(log)).filter((v) => v === 'FAIL')).toEqual([]);
  expect(check(log, 'platform.call_ended_time').message).toBe(
    'call_ended_time 1767268810 s, audio_stats.call_ended_time 1767268810 s; expected 1767268810 ±1 s, the second the business got HTTP 200 to its /calls terminate (1767268810.020 s Unix, call+10.020 s)',
  );
});

test('call_ended_time taken at the local click, 2 s before the terminate was answered, fails', () => {
  const log = callLog('business_terminate');
  // the click at +8 s; the request reached the platform at +9.980 s and was answered at +10.000 s
  log.requests[1] = callsRequest('terminate', 9.98);
  log.state.endedAtMs = at(9.99);
  log.webhooks[1] = webhook(2, 'terminate', [attempt(1, 10.01)]);
  log.requests[2] = metricsRequest(10.4, metricsPayload(8, 1));
  const c = check(log, 'platform.call_ended_time');
  expect(c.ok).toBe(false);
  expect(c.message).toBe(
    '/call_metrics #1: call_ended_time 1767268808 s (2 s early), audio_stats.call_ended_time 1767268808 s (2 s early); expected 1767268810 ±1 s, the second the business got HTTP 200 to its /calls terminate (1767268810.000 s Unix, call+10.000 s)',
  );
});

test('call_ended_time: a forged terminate is no end, and a log without an end has no verdict', () => {
  const log = callLog();
  log.webhooks.splice(1, 0, webhook(3, 'terminate', [attempt(1, 5, 403, 2, 'HTTP 403')], 'forged'));
  expect(check(log, 'platform.call_ended_time').message).toContain('the business received the real terminate webhook #2');
  const open = callLog();
  open.state.endedAtMs = null;
  open.webhooks.pop();
  const c = check(open, 'platform.call_ended_time');
  expect(c).toMatchObject({ ok: true, noVerdict: true });
  expect(c.message).toBe('the call has not ended on the platform (state.endedAtMs is null), so nothing says when the business learned of the end (no verdict)');
});

test('first audio earlier than the edge delivered any fails; no delivery in the log has no verdict', () => {
  const log = callLog();
  log.requests[1]!.body = JSON.stringify({ ...metricsPayload(10, 1), first_audio_packet_received_time: 1767268800 });
  const c = check(log, 'platform.first_audio_after_delivery');
  expect(c.ok).toBe(false);
  expect(c.message).toBe(
    '/call_metrics #1: first_audio_packet_received_time 1767268800 s is 1 s before 1767268801, the second the edge first forwarded consumer audio to the business (edge.firstAudioToBusinessAtMs 1767268801.250 s Unix, call+1.250 s); the business cannot have received audio before the network delivered it',
  );
  const silent = callLog();
  silent.edge.firstAudioToBusinessAtMs = null;
  expect(check(silent, 'platform.first_audio_after_delivery')).toMatchObject({ ok: true, noVerdict: true });
});

test('a form-encoded submission is read like a JSON one', () => {
  const log = callLog();
  const payload = metricsPayload(10, 1);
  log.requests[1]!.body = new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])).toString();
  expect(verdicts(log)['platform.call_ended_time']).toBe('pass');
  expect(verdicts(log)['platform.first_audio_after_delivery']).toBe('pass');
});

test('metrics sent before the terminate succeeded (refused as still in progress) fail metrics_after_end; the retry is fine for metrics_once', () => {
  const log = callLog('business_terminate');
  log.requests.splice(1, 0, metricsRequest(9.7, metricsPayload(10, 1), { status: 400, response: STILL_IN_PROGRESS }));
  const c = check(log, 'platform.metrics_after_end');
  expect(c.ok).toBe(false);
  expect(c.message).toBe(
    `/call_metrics #1 at call+9.700 s → HTTP 400: 310 ms before the call ended, refused as still in progress: ${STILL_IN_PROGRESS}; the call ended at call+10.010 s (state.endedAtMs, business_terminate): metrics belong after the terminate webhook or a successful terminate`,
  );
  expect(check(log, 'platform.metrics_once')).toMatchObject({ ok: true, message: 'one accepted /call_metrics submission (/call_metrics #2 at call+10.400 s → HTTP 200) after 1 failed attempt(s), nothing after it' });
});

test('two accepted submissions fail metrics_once, and so does a second one answered "already submitted"', () => {
  const log = callLog();
  log.requests.push(metricsRequest(11.2, metricsPayload(10, 1)));
  expect(check(log, 'platform.metrics_once')).toMatchObject({
    ok: false,
    message: '2 accepted /call_metrics submissions, expected exactly 1: /call_metrics #1 at call+10.400 s → HTTP 200, /call_metrics #2 at call+11.200 s → HTTP 200',
  });
  const refused = callLog();
  refused.requests.push(metricsRequest(11.2, metricsPayload(10, 1), { status: 400, response: '{"error":{"message":"(#100) Metrics already submitted for this call"}}' }));
  expect(check(refused, 'platform.metrics_once')).toMatchObject({
    ok: false,
    message: '1 /call_metrics request(s) after the accepted /call_metrics #1 at call+10.400 s → HTTP 200: /call_metrics #2 at call+11.200 s → HTTP 400 — a second report of the same call',
  });
  const none = callLog();
  none.requests[1]!.status = 500;
  expect(check(none, 'platform.metrics_once')).toMatchObject({ ok: false, message: 'no accepted /call_metrics submission among 1 request(s): /call_metrics #1 at call+10.400 s → HTTP 500' });
});

test("a hiding page's hand-off of the same body after the accepted attempt is the same report; a second marked copy is not", () => {
  const log = callLog();
  const handOff = { ...metricsRequest(11.2, metricsPayload(10, 1), { status: 400, response: '{"error":{"message":"(#100) Metrics already submitted for this call"}}' }), query: { callsoak_handoff: 'pagehide' } };
  log.requests.push(handOff);
  expect(check(log, 'platform.metrics_once')).toMatchObject({ ok: true });
  log.requests.push({ ...handOff, receivedAtMs: at(11.5) });
  expect(check(log, 'platform.metrics_once')).toMatchObject({ ok: false, message: expect.stringContaining('1 /call_metrics request(s) after the accepted /call_metrics #1 at call+10.400 s → HTTP 200: /call_metrics #3 at call+11.500 s → HTTP 400') });
  const otherBody = callLog();
  otherBody.requests.push({ ...metricsRequest(11.2, metricsPayload(11, 1), { status: 400 }), query: { callsoak_handoff: 'pagehide' } });
  expect(check(otherBody, 'platform.metrics_once').ok).toBe(false);
});

test('a forged terminate ignored passes; honoured (the business ended the call on it) fails', () => {
  const ignored = callLog();
  ignored.webhooks.splice(1, 0, webhook(3, 'terminate', [attempt(1, 5, 403, 2, 'HTTP 403')], 'forged'));
  expect(check(ignored, 'platform.forged_webhook_ignored')).toMatchObject({
    ok: true,
    message: 'forged terminate webhook #3 (answered HTTP 403): no /calls terminate or reject and no /call_metrics from its delivery at call+5.000 s until call+7.000 s (2000 ms); the call ended at call+10.000 s by consumer_hangup',
  });
  // the forged webhook is not judged for its answer time: a 403 is right
  expect(check(ignored, 'platform.webhooks_answered_in_time').ok).toBe(true);

  const honoured = callLog('business_terminate');
  honoured.webhooks = [honoured.webhooks[0]!, webhook(2, 'terminate', [attempt(1, 5)], 'forged'), webhook(3, 'terminate', [attempt(1, 5.08)])];
  honoured.requests = [honoured.requests[0]!, callsRequest('terminate', 5.05), metricsRequest(5.4, metricsPayload(5, 1))];
  honoured.state.endedAtMs = at(5.06);
  const c = check(honoured, 'platform.forged_webhook_ignored');
  expect(c.ok).toBe(false);
  expect(c.message).toBe(
    'forged terminate webhook #2 (answered HTTP 200) was honoured: /calls terminate at call+5.050 s → HTTP 200 from its delivery at call+5.000 s until call+5.080 s (80 ms: a real terminate webhook was delivered then); the call ended at call+5.060 s by business_terminate; a webhook that fails its signature must change nothing',
  );
});

test('a forged terminate answered by a /call_metrics alone is honoured too; a forged call_status has no verdict', () => {
  const log = callLog();
  log.webhooks.splice(1, 0, webhook(3, 'terminate', [attempt(1, 5, 200)], 'forged'));
  log.requests.splice(1, 0, metricsRequest(5.3, metricsPayload(5, 1), { status: 400, response: STILL_IN_PROGRESS }));
  expect(check(log, 'platform.forged_webhook_ignored').message).toMatch(/^forged terminate webhook #3 \(answered HTTP 200\) was honoured: \/call_metrics #1 at call\+5\.300 s → HTTP 400 from/);
  const status = callLog();
  status.webhooks.push(webhook(3, 'call_status', [attempt(1, 2, 403, 1, 'HTTP 403')], 'forged'));
  expect(check(status, 'platform.forged_webhook_ignored')).toMatchObject({ ok: true, noVerdict: true });
});

test('a duplicate terminate reported twice fails; reported once passes; without a duplicate, no verdict', () => {
  const once = callLog();
  once.webhooks.push(webhook(3, 'terminate', [attempt(1, 10.505)], 'duplicate'));
  expect(check(once, 'platform.duplicate_terminate_once')).toMatchObject({
    ok: true,
    message:
      'the terminate webhook reached the business 2 times (#2 real attempt 1 at call+10.005 s → HTTP 200, #3 duplicate attempt 1 at call+10.505 s → HTTP 200); the call was ended and reported once: one accepted /call_metrics, no /calls terminate or reject after the first delivery was answered',
  });

  const twice = callLog();
  twice.webhooks.push(webhook(3, 'terminate', [attempt(1, 10.505)], 'duplicate'));
  twice.requests.push(metricsRequest(10.9, metricsPayload(10, 1)));
  const c = check(twice, 'platform.duplicate_terminate_once');
  expect(c.ok).toBe(false);
  expect(c.message).toBe(
    'the terminate webhook reached the business 2 times (#2 real attempt 1 at call+10.005 s → HTTP 200, #3 duplicate attempt 1 at call+10.505 s → HTTP 200); it must end and report the call once: 2 accepted /call_metrics submissions, expected exactly 1: /call_metrics #1 at call+10.400 s → HTTP 200, /call_metrics #2 at call+10.900 s → HTTP 200',
  );

  // a terminate retried after a 2xx (its answer lost on purpose) that the business answers with a terminate of its own
  const ended = callLog();
  ended.webhooks[1] = webhook(2, 'terminate', [attempt(1, 10.005, 200, 15, 'fault: answer dropped'), attempt(2, 10.52)]);
  ended.requests.push(callsRequest('terminate', 10.53, { status: 400 }));
  expect(check(ended, 'platform.duplicate_terminate_once')).toMatchObject({
    ok: false,
    message:
      'the terminate webhook reached the business 2 times (#2 real attempt 1 at call+10.005 s → HTTP 200, #2 real attempt 2 at call+10.520 s → HTTP 200); it must end and report the call once: /calls terminate at call+10.530 s → HTTP 400 after the first terminate delivery was answered at call+10.020 s',
  });
  expect(check(callLog(), 'platform.duplicate_terminate_once').noVerdict).toBe(true);
});

test('a webhook answered after 6 s or with a 500 fails; attempts the platform failed on purpose are not judged', () => {
  const log = callLog();
  log.webhooks[0] = webhook(1, 'connect', [attempt(1, 0.1, 200, 6000)]);
  log.webhooks[1] = webhook(2, 'terminate', [attempt(1, 10.005, 500, 12, 'HTTP 500'), attempt(2, 10.517)]);
  const c = check(log, 'platform.webhooks_answered_in_time');
  expect(c.ok).toBe(false);
  expect(c.message).toBe('connect webhook #1 attempt 1: HTTP 200 after 6000 ms; terminate webhook #2 attempt 1: HTTP 500 after 12 ms; every attempt must get a 2xx within 5000 ms');

  const faulted = callLog();
  faulted.webhooks[1] = webhook(2, 'terminate', [attempt(1, 10.005, 0, 0, 'fault: refused'), attempt(2, 10.51)]);
  expect(check(faulted, 'platform.webhooks_answered_in_time')).toMatchObject({
    ok: true,
    message: 'all 2 attempt(s) of 2 webhook(s) got a 2xx within 5000 ms (slowest: connect webhook #1 attempt 1: HTTP 200 after 15 ms); 1 attempt(s) the platform failed on purpose not judged',
  });
  const deadline = callLog();
  deadline.webhooks[1] = webhook(2, 'terminate', [attempt(1, 10.005, 0, 5000, 'deadline 5000 ms'), attempt(2, 15.51)]);
  expect(check(deadline, 'platform.webhooks_answered_in_time').message).toBe(
    'terminate webhook #2 attempt 1: no HTTP answer (deadline 5000 ms) after 5000 ms; every attempt must get a 2xx within 5000 ms',
  );
});

test('no /call_metrics request: the payload checks and metrics_after_end have no verdict, metrics_once fails', () => {
  const log = callLog();
  log.requests.pop();
  expect(verdicts(log)).toMatchObject({
    'platform.call_ended_time': 'no verdict',
    'platform.first_audio_after_delivery': 'no verdict',
    'platform.metrics_after_end': 'no verdict',
    'platform.metrics_once': 'FAIL',
  });
});
