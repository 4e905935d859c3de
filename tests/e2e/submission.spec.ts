/**
 * Submission behaviour end to end: a misbehaving endpoint, the default submitter, and a team's
 * own submitter module that gets it wrong.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { CallResult, RunResults, SubmissionAttempt } from '../../harness/results/resultsTypes.ts';
import { backoffDelayMs } from '../../harness/agent/submitter/backoffDelayMs.ts';
import { SUBMIT_DEFAULTS } from '../../harness/agent/submitter/submitCallMetrics.ts';
import { submitterJitterSeed } from '../../harness/engine/callParticipants.ts';
import { seedKeyOf } from '../../harness/engine/runCall.ts';
import { mulberry32 } from '../../harness/random/mulberry32.ts';
import { readRecord, type RequestRecord } from '../../harness/endpoint/requestRecord.ts';

/** `why` names the failed checks (and the CLI's stderr), for an exit code that is not the expected one. */
async function run(args: string[]): Promise<{ code: number | null; calls: CallResult[]; why: string; out: string }> {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-submit-'));
  const { code, stderr } = await runCli(['run', '--out', out, ...args]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.calls.length, stderr).toBeGreaterThan(0);
  const failed = results.calls.flatMap((c) => c.checks.filter((k) => !k.ok).map((k) => `${k.id}: ${k.message}`));
  return { code, calls: results.calls, why: [...failed, stderr].join('\n'), out };
}

const check = (call: CallResult, id: string) => call.checks.find((c) => c.id === id);
const accepted = (call: CallResult) => call.submissions.filter((s) => s.status === 200 && (s.response as { success?: boolean }).success === true);

test('endpoint-flaky: after 5xx and timeouts every call lands exactly once, and the attempts are on record', async () => {
  // The endpoint's faults follow the seed, so this is the same sequence in every run: 500, timeout, accepted.
  const { code, calls, why } = await run(['--scenario', 'endpoint-flaky', '--seed', '5']);
  expect(code, why).toBe(0);
  const [call] = calls;
  expect(call!.submissions.length).toBeGreaterThanOrEqual(3);
  expect(call!.submissions[0]).toMatchObject({ attempt: 1, status: 500 });
  expect(call!.submissions[1]).toMatchObject({ attempt: 2, status: 0 }); // held until the client timed out
  expect(accepted(call!)).toHaveLength(1);
  expect(new Set(call!.submissions.map((s) => JSON.stringify(s.body))).size).toBe(1); // retries carry the same body
  // The waits between attempts are the seed's too: the submitter's full-jitter draws come from the
  // run seed and the call's seed key, so a rerun waits the same (each draw is uniform in 0..250 ms, then 0..500 ms).
  const random = mulberry32(submitterJitterSeed(5, seedKeyOf('endpoint-flaky', 0, 1)));
  const [wait1, wait2] = [backoffDelayMs(1, SUBMIT_DEFAULTS.baseDelayMs, SUBMIT_DEFAULTS.maxDelayMs, random), backoffDelayMs(2, SUBMIT_DEFAULTS.baseDelayMs, SUBMIT_DEFAULTS.maxDelayMs, random)];
  const [first, second, third] = call!.submissions as [SubmissionAttempt, SubmissionAttempt, SubmissionAttempt];
  // after the 500's answer; after the client gave up on the held attempt (requestTimeoutMs)
  const waited1 = second.receivedAtMs! - (first.receivedAtMs! + first.latencyMs!);
  const waited2 = third.receivedAtMs! - second.receivedAtMs! - SUBMIT_DEFAULTS.requestTimeoutMs;
  // (as the endpoint saw them: timers and loopback add a few ms, up to ~30 on a loaded machine; the
  // client's timeout starts before the endpoint receives the held attempt, so the second can come out short)
  expect(waited1 - wait1, `waited ${waited1} ms before attempt 2, drew ${wait1}`).toBeGreaterThanOrEqual(-20);
  expect(waited1 - wait1, `waited ${waited1} ms before attempt 2, drew ${wait1}`).toBeLessThan(80);
  expect(waited2 - wait2, `waited ${waited2} ms before attempt 3, drew ${wait2}`).toBeGreaterThanOrEqual(-40);
  expect(waited2 - wait2, `waited ${waited2} ms before attempt 3, drew ${wait2}`).toBeLessThan(100);
});

/** The run's endpoint record (one file per worker), POSTs naming `callId`. */
function postsFor(out: string, callId: string): RequestRecord[] {
  const dir = join(out, 'endpoint');
  const all = readdirSync(dir).flatMap((f) => readRecord(join(dir, f)));
  return all.filter((r) => r.method === 'POST' && r.callId === callId).sort((a, b) => a.seq - b.seq);
}

test('the business page closes during a submission attempt: failed or accepted, the page-hide hand-off leaves the metrics stored once', async () => {
  const { code, calls, why, out } = await run(['--scenario', 'page-closed-attempt-fails', '--scenario', 'page-closed-attempt-succeeds']);
  expect(code, why).toBe(0);
  const expected: Record<string, [number, boolean, number | undefined][]> = {
    // the attempt in flight got the 500; the hand-off is what stored the metrics
    'page-closed-attempt-fails': [
      [500, false, undefined],
      [200, true, undefined],
    ],
    // the attempt in flight was stored; the hand-off was answered "already submitted"
    'page-closed-attempt-succeeds': [
      [200, true, undefined],
      [400, false, 9_800_004],
    ],
  };
  expect(calls.map((c) => c.scenario).sort()).toEqual(Object.keys(expected));
  for (const call of calls) {
    const posts = postsFor(out, call.callId);
    expect(posts.map((r) => [r.outcome.status, r.outcome.accepted, r.outcome.graphSubcode]), call.scenario).toEqual(expected[call.scenario]);
    // the submitter's own fetch, then the beacon from within pagehide: the same bytes, marked
    expect(posts.map((r) => [r.headers['content-type'], r.query.callsoak_handoff ?? null]), call.scenario).toEqual([
      ['application/json', null],
      ['text/plain;charset=UTF-8', 'pagehide'],
    ]);
    expect(posts[1]!.bodySha256, call.scenario).toBe(posts[0]!.bodySha256);
    // the page closed while the endpoint still held the attempt, not before it or after its answer
    expect(posts[1]!.receivedAtMs, call.scenario).toBeLessThan(posts[0]!.respondedAtMs!);
    expect(posts[1]!.receivedAtMs, call.scenario).toBeGreaterThan(posts[0]!.receivedAtMs);
  }
  const succeeds = calls.find((c) => c.scenario === 'page-closed-attempt-succeeds')!;
  expect(check(succeeds, 'submission.no_request_after_accepted')?.message).toMatch(
    /^nothing was submitted again after the accepted submission #\d+ HTTP 200: #\d+ HTTP 400 code 100 was its page-hide hand-off \(marked callsoak_handoff=pagehide, the same bytes, answered "already submitted"\)$/,
  );
});

test('endpoint-rejects: one attempt, no retry, the permanent error on record', async () => {
  const { code, calls, why } = await run(['--scenario', 'endpoint-rejects']);
  expect(code, why).toBe(0);
  const [call] = calls;
  expect(call!.submissions).toHaveLength(1);
  expect(call!.submissions[0]).toMatchObject({ status: 400, response: { error: { code: 100 } } });
  expect(check(call!, 'submission.permanent_error_recorded')).toMatchObject({ ok: true });
  expect(check(call!, 'submission.no_retry_after_permanent')).toMatchObject({ ok: true });
});

test("a team's submitter that submits twice is caught, and says so", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'team-submitter-'));
  const twice = join(dir, 'twice.js');
  writeFileSync(
    twice,
    `export async function submitCallMetrics(payload, opts) {
  const send = () => fetch(opts.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + opts.accessToken }, body: JSON.stringify(payload) });
  const first = await send();
  await send(); // "just to be sure"
  return { accepted: first.ok, attempts: [] };
}\n`,
  );
  const { code, calls } = await run(['--scenario', 'hangup-call', '--talk-seconds', '2', '--submitter', twice]);
  expect(code).toBe(1);
  expect(check(calls[0]!, 'submission.no_request_after_accepted')).toMatchObject({
    ok: false,
    message: expect.stringMatching(/^submitted again after the accepted submission #\d+ HTTP 200: #\d+ HTTP 400 code 100; a submitter must stop at the first success$/),
  });
});

test("a team's submitter that retries forever is caught, and says so", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'team-submitter-'));
  const forever = join(dir, 'forever.js');
  writeFileSync(
    forever,
    `export async function submitCallMetrics(payload, opts) {
  for (;;) {
    const r = await fetch(opts.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + opts.accessToken }, body: JSON.stringify(payload) });
    if (r.ok) return { accepted: true, attempts: [] };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}\n`,
  );
  const { code, calls } = await run(['--scenario', 'endpoint-rejects', '--submitter', forever]);
  expect(code).toBe(1);
  const call = calls[0]!;
  expect(call.submissions.length).toBeGreaterThan(10);
  expect(check(call, 'submission.no_retry_after_permanent')).toMatchObject({ ok: false });
  expect(check(call, 'submission.bounded')?.message).toMatch(/^\d+ request\(s\) over [\d.]+ s; a submitter must give up within 10 attempts and 20 s — this one keeps retrying$/);
});
