/**
 * Interrupting a run: every planned call is listed with its state (finished, interrupted while
 * running, not started), results.json and the report are written and marked interrupted, the
 * exit code is 130, and nothing callsoak started is alive when it exits.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

const BIN = fileURLToPath(new URL('../../bin/callsoak.js', import.meta.url));

interface Started {
  child: ChildProcessWithoutNullStreams;
  out: string;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

function startRun(args: string[]): Started {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-interrupt-'));
  const child = spawn(process.execPath, [BIN, 'run', ...args, '--out', out], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, out, stderr: () => stderr, stdout: () => stdout, exit };
}

/** pids of live processes that carry this run's mark (every process a run starts inherits it) */
function runProcesses(runId: string): number[] {
  const marker = `CALLSOAK_RUN_ID=${runId}\0`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return !/\) Z /.test(stat) && readFileSync(`/proc/${name}/environ`, 'latin1').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function readResults(out: string): RunResults<CallResult> {
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
}

const states = (results: RunResults<CallResult>) => results.calls.map((c) => [c.scenario, c.status, c.state ?? 'finished']);

test('SIGINT before any call started: every planned call is listed as not started, neither passed nor failed', async () => {
  const run = startRun(['--suite', 'smoke']);
  await expect.poll(() => run.stderr(), { timeout: 60_000 }).toContain(' calls · run dir ');
  run.child.kill('SIGINT');
  const code = await run.exit;
  expect(code, run.stderr()).toBe(130);
  const results = readResults(run.out);
  expect(results.run.status).toBe('interrupted');
  expect(results.summary).toEqual({ calls: 4, passed: 0, failed: 0, skipped: 4 });
  expect(states(results).map(([, status, state]) => `${status} ${state}`)).toEqual(Array(4).fill('skipped not-started'));
  expect(run.stdout()).toContain('SKIP hangup-call  not started: the run was interrupted before this call began');
  expect(run.stdout()).not.toContain('FAIL');
  expect(readFileSync(join(run.out, 'junit.xml'), 'utf8').match(/<skipped message="not started/g)).toHaveLength(4);
  expect(readFileSync(join(run.out, 'summary.md'), 'utf8')).toContain('4 calls: 0 passed, 0 failed, 4 without a verdict');
  expect(readFileSync(join(run.out, 'index.html'), 'utf8')).toContain('>not started<');
});

test('SIGTERM mid-call: the call in progress ends properly and is judged, the next one does not start; no Playwright internals', async () => {
  const run = startRun(['--scenario', 'hangup-call', 'packet-loss-10', '--talk-seconds', '30', '--workers', '1']);
  // once the first call talks: its business submitted nothing yet, its consumer page is up
  await expect.poll(() => existsSync(join(run.out, 'calls', '001-hangup-call', 'started.json')), { timeout: 60_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  run.child.kill('SIGTERM');
  const code = await run.exit;
  expect(code, run.stderr()).toBe(130);
  expect(run.stderr()).toContain('callsoak run: SIGTERM: ending the calls in progress properly, starting no other, writing the report (SIGTERM again to stop now)');
  const results = readResults(run.out);
  expect(results.run.status).toBe('interrupted');
  expect(states(results)).toEqual([
    ['hangup-call', 'passed', 'interrupted'],
    ['packet-loss-10', 'skipped', 'not-started'],
  ]);
  const [first] = results.calls;
  // ended the way the scenario ends a call: hung up, final snapshot, payload, one accepted submission
  expect(first!.endCallReason).toBe('Hangup_Call');
  expect(first!.submissions.filter((s) => s.status === 200)).toHaveLength(1);
  expect(first!.talkSeconds).toBe(30);
  expect((first!.endedAtMs ?? 0) - (first!.startedAtMs ?? 0)).toBeLessThan(25_000);
  expect(run.stdout()).toMatch(/PASS hangup-call {2}Hangup_Call .* interrupted: ended early when the run was stopped/);
  expect(`${run.stdout()}${run.stderr()}`).not.toMatch(/Cannot find parent object|Test ended|Target page, context or browser has been closed/);
});

test('a second SIGINT stops at once: results.json and index.html still list every planned call by state, nothing of the run is left running', async () => {
  const run = startRun(['--scenario', 'hangup-call', 'packet-loss-10', 'packet-loss-5', '--talk-seconds', '30', '--workers', '2']);
  // two calls talking (two workers), the third waiting for a worker
  const started = () => (existsSync(join(run.out, 'calls')) ? readdirSync(join(run.out, 'calls')).filter((d) => existsSync(join(run.out, 'calls', d, 'started.json'))).length : 0);
  await expect.poll(started, { timeout: 60_000 }).toBe(2);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const runId = (JSON.parse(readFileSync(join(run.out, 'plan.json'), 'utf8')) as { runId: string }).runId;
  expect(runProcesses(runId).length).toBeGreaterThan(3);
  run.child.kill('SIGINT');
  // soon after: the first signal ends the calls in progress within a second or two
  await new Promise((resolve) => setTimeout(resolve, 100));
  run.child.kill('SIGINT');
  const code = await run.exit;
  // at the CLI's exit, not later: nothing it started outlives it
  expect(runProcesses(runId)).toEqual([]);
  expect(code, run.stderr()).toBe(130);
  expect(run.stderr()).toContain('callsoak run: SIGINT again: stopping now');
  const results = readResults(run.out);
  expect(results.run.status).toBe('interrupted');
  // every planned call, each with a state; the ones in progress when the second signal came are
  // cut off (no verdict) or, if one ended within that second, judged; a call waiting for a worker
  // did not start (which call is where depends on the machine's speed)
  expect(results.calls).toHaveLength(3);
  const byState = states(results).map(([, status, state]) => `${status} ${state}`);
  for (const s of byState) expect(['skipped interrupted', 'passed interrupted', 'failed interrupted', 'skipped not-started', 'passed finished', 'failed finished']).toContain(s);
  expect(byState.filter((s) => s.endsWith(' interrupted')).length).toBeGreaterThanOrEqual(1);
  const count = (status: string, state?: string) => results.calls.filter((c) => c.status === status && (state === undefined || (c.state ?? 'finished') === state)).length;
  expect(results.summary).toEqual({
    calls: 3,
    passed: count('passed'),
    failed: count('failed'),
    ...(count('skipped') ? { skipped: count('skipped') } : {}),
  });
  const html = readFileSync(join(run.out, 'index.html'), 'utf8');
  expect(html).toContain('callsoak run');
  expect(html.match(/>cut off</g) ?? []).toHaveLength(count('skipped', 'interrupted'));
  expect(html.match(/>not started</g) ?? []).toHaveLength(count('skipped', 'not-started'));
});
