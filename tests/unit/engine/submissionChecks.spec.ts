/**
 * The per-call submission checks, computed from real endpoint records produced by good and by
 * misbehaving clients.
 */
import { test, expect } from '@playwright/test';
import { submissionChecks, toSubmissionAttempts } from '../../../harness/engine/checks/submissionChecks.ts';
import { submitCallMetrics } from '../../../harness/agent/submitter/submitCallMetrics.ts';
import type { CheckResult } from '../../../harness/results/resultsTypes.ts';
import { TOKEN, post, startTestEndpoint, tablePayload, type Started } from '../endpoint/endpointFixture.ts';

let s: Started;
let endedAtMs = 0;
test.beforeEach(async () => {
  s = await startTestEndpoint();
});
test.afterEach(async () => {
  await s.endpoint.close();
});

function ended(callId: string): Record<string, unknown> {
  endedAtMs = Date.now();
  s.endpoint.markCallEnded(callId, endedAtMs);
  return tablePayload(callId);
}

function verdicts(checks: CheckResult[]): Record<string, boolean> {
  return Object.fromEntries(checks.map((c) => [c.id, c.ok]));
}

const fast = { baseDelayMs: 10, maxDelayMs: 40, requestTimeoutMs: 500 };

test('a good submitter against a flaky endpoint passes every check', async () => {
  s.endpoint.setFaults({ sequence: ['5xx', 'drop_after_accept'] });
  const client = await submitCallMetrics(ended('c_good'), { url: s.metricsUrl, accessToken: TOKEN, ...fast });
  const checks = submissionChecks({ records: s.endpoint.requestsFor('c_good'), callEndedAtMs: endedAtMs, client });
  expect(verdicts(checks)).toEqual({
    'submission.accepted_once': true,
    'submission.identical_bodies': true,
    'submission.no_retry_after_permanent': true,
    'submission.no_request_after_accepted': true,
    'submission.bounded': true,
    'submission.latency_ms': true,
    'submission.nothing_lost': true,
  });
  expect(checks.find((c) => c.id === 'submission.no_retry_after_permanent')?.message).toMatch(/stopped after the permanent error #3 HTTP 400 code 100/);
  // the acceptance was never heard (drop_after_accept), so retrying was right
  expect(checks.find((c) => c.id === 'submission.no_request_after_accepted')?.message).toBe('no acceptance reached the client');
  expect(checks.find((c) => c.id === 'submission.nothing_lost')?.message).toMatch(/injected faults: 5xx, drop_after_accept/);
  expect(toSubmissionAttempts(s.endpoint.requestsFor('c_good')).map((a) => a.status)).toEqual([500, 0, 400]);
});

test('a client that re-serializes and keeps going after "already submitted" fails identical bodies and no-retry', async () => {
  const body = ended('c_chatty');
  await post(s.metricsUrl, body);
  await post(s.metricsUrl, { ...body, end_call_subreason: 'retry' });
  await post(s.metricsUrl, body);
  const v = verdicts(submissionChecks({ records: s.endpoint.requestsFor('c_chatty'), callEndedAtMs: endedAtMs }));
  expect(v['submission.accepted_once']).toBe(true);
  expect(v['submission.identical_bodies']).toBe(false);
  expect(v['submission.no_retry_after_permanent']).toBe(false);
  expect(v['submission.no_request_after_accepted']).toBe(false);
});

test('a client that never gives up fails submission.bounded, saying it keeps retrying', async () => {
  const body = ended('c_forever');
  s.endpoint.setFaults({ failRate: 1, failWith: ['5xx'] });
  for (let i = 0; i < 12; i++) await post(s.metricsUrl, body);
  const bounded = submissionChecks({ records: s.endpoint.requestsFor('c_forever'), callEndedAtMs: endedAtMs }).find((c) => c.id === 'submission.bounded');
  expect(bounded?.ok).toBe(false);
  expect(bounded?.message).toMatch(/^12 request\(s\) over [\d.]+ s; a submitter must give up within 10 attempts and 20 s — this one keeps retrying$/);
});

test('a client that retries an invalid payload: never stored, retried after a permanent error, lost', async () => {
  const bad = { ...ended('c_bad'), platform: 'sms' };
  await post(s.metricsUrl, bad);
  await post(s.metricsUrl, bad);
  const checks = submissionChecks({ records: s.endpoint.requestsFor('c_bad'), callEndedAtMs: endedAtMs });
  expect(verdicts(checks)).toMatchObject({
    'submission.accepted_once': false,
    'submission.no_retry_after_permanent': false,
    'submission.latency_ms': false,
    'submission.nothing_lost': false,
  });
  expect(checks.find((c) => c.id === 'submission.accepted_once')?.message).toBe('0 accepted submissions, expected exactly 1 (#1 HTTP 400 code 100, #2 HTTP 400 code 100)');
});

test('a client that gives up on a flaky endpoint is reported lost, with the faults it met', async () => {
  s.endpoint.setFaults({ failRate: 1, failWith: ['throttle_4'] });
  const client = await submitCallMetrics(ended('c_quit'), { url: s.metricsUrl, accessToken: TOKEN, ...fast, maxAttempts: 2 });
  const checks = submissionChecks({ records: s.endpoint.requestsFor('c_quit'), callEndedAtMs: endedAtMs, client });
  const lost = checks.find((c) => c.id === 'submission.nothing_lost')!;
  expect(lost.ok).toBe(false);
  expect(lost.message).toMatch(/^lost: never stored after 2 request\(s\).*injected faults: throttle_4; the submitter gave up after 2 attempt\(s\)$/);
});

test('a submitter that claims success the record does not show is flagged; a late acceptance is a latency warning', async () => {
  const body = ended('c_late');
  await post(s.metricsUrl, body);
  const records = s.endpoint.requestsFor('c_late');
  const claim = submissionChecks({ records: [], callEndedAtMs: endedAtMs, client: { accepted: true, attempts: [{ outcome: 'accepted', status: 200 }] } });
  expect(claim.find((c) => c.id === 'submission.nothing_lost')?.message).toMatch(/submitter reports it was accepted, but the endpoint's record has no accepted request/);
  const late = submissionChecks({ records, callEndedAtMs: endedAtMs - 20_000, maxLatencyMs: 15_000 }).find((c) => c.id === 'submission.latency_ms')!;
  expect(late).toMatchObject({ ok: false, severity: 'warning' });
  expect(late.message).toMatch(/^accepted 2\d{4} ms after the call ended \(limit 15000 ms/);
});

/** What the default submitter's hand-off sends: the same bytes as text/plain, the token and the page-hide marker in the query. */
function beacon(body: unknown, marked = true): Promise<unknown> {
  const url = new URL(s.metricsUrl);
  url.searchParams.set('access_token', TOKEN);
  if (marked) url.searchParams.set('callsoak_handoff', 'pagehide');
  return post(url.toString(), body, { 'content-type': 'text/plain;charset=UTF-8' });
}

const afterAccepted = (callId: string) => submissionChecks({ records: s.endpoint.requestsFor(callId), callEndedAtMs: endedAtMs }).find((c) => c.id === 'submission.no_request_after_accepted')!;

test('no_request_after_accepted: the page-hide hand-off of an attempt that was accepted is not a second submission, and is named', async () => {
  const body = ended('c_handoff');
  await post(s.metricsUrl, body);
  await beacon(body);
  expect(afterAccepted('c_handoff')).toMatchObject({
    ok: true,
    message:
      'nothing was submitted again after the accepted submission #1 HTTP 200: #2 HTTP 400 code 100 was its page-hide hand-off (marked callsoak_handoff=pagehide, the same bytes, answered "already submitted")',
  });
});

test('no_request_after_accepted: what is not a page-hide hand-off is a second submission, and the message says why', async () => {
  // an unmarked beacon after the acceptance
  const body = ended('c_unmarked');
  await post(s.metricsUrl, body);
  await beacon(body, false);
  expect(afterAccepted('c_unmarked')).toMatchObject({
    ok: false,
    message:
      'submitted again after the accepted submission #1 HTTP 200: #2 HTTP 400 code 100 (beacon-like but not marked callsoak_handoff=pagehide, so not taken for a page-hide hand-off); a submitter must stop at the first success',
  });
  // marked, but other bytes
  const other = ended('c_other');
  await post(s.metricsUrl, other);
  await beacon({ ...other, end_call_subreason: 'page hidden' });
  expect(afterAccepted('c_other')).toMatchObject({ ok: false, message: expect.stringContaining('#4 HTTP 400 code 100 (marked as a page-hide hand-off, but carried other bytes than the accepted submission)') });
  // two hand-offs: a page hides once
  const twice = ended('c_twice');
  await post(s.metricsUrl, twice);
  await beacon(twice);
  await beacon(twice);
  expect(afterAccepted('c_twice')).toMatchObject({
    ok: false,
    message: '2 requests carry the page-hide marker (#6 HTTP 400 code 100, #7 HTTP 400 code 100): a page hides once, so only the first can be its hand-off',
  });
  // a real second submission next to a genuine hand-off: the hand-off is named and not counted
  const both = ended('c_both');
  await post(s.metricsUrl, both);
  await beacon(both);
  await post(s.metricsUrl, both);
  expect(afterAccepted('c_both')).toMatchObject({
    ok: false,
    message:
      'submitted again after the accepted submission #8 HTTP 200: #10 HTTP 400 code 100; a submitter must stop at the first success. #9 HTTP 400 code 100 was its page-hide hand-off and is not counted',
  });
});

test('no_request_after_accepted: a hand-off that overtook the attempt in flight and was stored first makes that attempt no second submission', async () => {
  // the page closed while the attempt's CORS preflight was under way: the beacon, which needs none, arrived first
  const body = ended('c_overtaken');
  await beacon(body);
  await post(s.metricsUrl, body);
  expect(afterAccepted('c_overtaken')).toMatchObject({
    ok: true,
    message: 'no acceptance reached the client: the one stored was its page-hide hand-off #1 HTTP 200, whose answer a page never reads',
  });
});
