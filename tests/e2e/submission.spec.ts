/**
 * Submission behaviour end to end: a misbehaving endpoint, the default submitter, and a team's
 * own submitter module that gets it wrong.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { CallResult, RunResults } from '../../harness/results/resultsTypes.ts';

/** `why` names the failed checks (and the CLI's stderr), for an exit code that is not the expected one. */
async function run(args: string[]): Promise<{ code: number | null; calls: CallResult[]; why: string }> {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-submit-'));
  const { code, stderr } = await runCli(['run', '--out', out, ...args]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.calls.length, stderr).toBeGreaterThan(0);
  const failed = results.calls.flatMap((c) => c.checks.filter((k) => !k.ok).map((k) => `${k.id}: ${k.message}`));
  return { code, calls: results.calls, why: [...failed, stderr].join('\n') };
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
