/**
 * `callsoak soak` end to end: calls held with churn, resources charted, soak checks; SIGINT ends
 * every call properly (exit 130, report marked interrupted, nothing left running); a second
 * signal forces the exit within 5 s and still leaves a readable report.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallResult, CallSummary, RunResults } from '../../harness/results/resultsTypes.ts';
import { metricValues } from '../../harness/metrics/metrics.ts';
import type { SoakSeriesName } from '../../harness/results/soakTypes.ts';
import { runCli } from '../support/runCli.ts';

const BIN = fileURLToPath(new URL('../../bin/callsoak.js', import.meta.url));

/** Live processes (any kind: chromium, node peers, workers) that inherited this tag in their environment. */
function taggedProcesses(tag: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z')) continue;
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`CALLSOAK_TEST_TAG=${tag}`)) found.push(`${pid} ${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

function startSoak(args: string[], tag: string): { child: ChildProcess; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'soak', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CALLSOAK_TEST_TAG: tag } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, output: () => output, exit };
}

const readResults = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;

test('a short soak with churn: calls cycle through end reasons, resources are charted, soak checks pass', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-soak-'));
  const history = mkdtempSync(join(tmpdir(), 'callsoak-soak-history-'));
  const { code, stdout, stderr } = await runCli([
    'soak', '--duration', '50s', '--calls', '2', '--churn', '20s', '--cycle', 'hangup-call', 'ignore-call', '--seed', '4', '--out', out,
    '--history', history, '--compare-to', 'last-green',
  ]);
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  expect(code, stderr).toBe(0);
  const results = readResults(out);
  expect(results.run.status).toBe('passed');
  // recorded in the history as a soak; the first soak has no soak to compare with, and says so
  expect(stderr).toMatch(/^compare: no green soak in history .* before \S+-soak-\S+ sharing a scenario with it \(the history holds 1 run, 1 passed; 1 is a soak\)$/m);
  const listed = await runCli(['history', 'list', '--history', history]);
  expect(listed.stdout).toMatch(new RegExp(`^${results.run.id} {2}passed {7}soak {2}${results.calls.length} calls +[0-9a-f]{10} {2}(hangup-call,ignore-call|ignore-call,hangup-call)\n$`));
  expect(results.soak).toMatchObject({ durationS: 50, concurrentCalls: 2, churnS: 20, cycle: ['hangup-call', 'ignore-call'] });
  // two slots, each ending a call every ~20 s: more calls than slots, both end reasons
  expect(results.calls.length).toBeGreaterThanOrEqual(3);
  expect(new Set(results.calls.map((c) => c.endCallReason))).toEqual(new Set(['Hangup_Call', 'Ignore_Call']));
  expect(results.calls.every((c) => c.submissions.some((s) => s.status === 200))).toBe(true);
  // per-call soak checks on the calls that carried audio
  const talked = results.calls.find((c) => c.endCallReason === 'Hangup_Call')!;
  // a soak's peers hand samples over in 5 s batches; a call's last batch still arrives before its end:
  // every peer's samples on disk run, in order, to within a sampling period or two of the call's end
  for (const file of readdirSync(join(out, 'soak', 'calls'))) {
    const call = JSON.parse(readFileSync(join(out, 'soak', 'calls', file), 'utf8')) as RunResults<CallResult>['calls'][number];
    if (call.endCallReason !== 'Hangup_Call') continue;
    const endS = (call.endedAtMs! - call.startedAtMs!) / 1000;
    for (const peer of ['consumer', 'business']) {
      const lines = readFileSync(join(out, 'soak', 'samples', file.replace(/\.json$/, `-${peer}.ndjson`)), 'utf8').trim().split('\n');
      const ts = lines.map((line) => (JSON.parse(line) as { t: number }).t);
      expect(ts, `${file} ${peer}`).toEqual([...ts].sort((a, b) => a - b));
      expect(ts.at(-1)!, `${file} ${peer}: last sample at ${ts.at(-1)} s, call ended at ${endS} s`).toBeGreaterThan(endS - 2.5);
    }
  }
  // each finished call is on disk in full and summarized; under 50 calls results.json lists them in full
  const records = readdirSync(join(out, 'soak', 'calls')).sort();
  expect(readdirSync(join(out, 'soak', 'summaries')).sort()).toEqual(records);
  expect(results.calls.map((c) => c.callId).sort()).toEqual(records.map((f) => (JSON.parse(readFileSync(join(out, 'soak', 'calls', f), 'utf8')) as CallResult).callId).sort());
  for (const file of records) {
    const summary = JSON.parse(readFileSync(join(out, 'soak', 'summaries', file), 'utf8')) as CallSummary;
    const full = results.calls.find((c) => c.callId === summary.callId)!;
    expect(summary.summarized, file).toEqual({ record: `soak/calls/${file}`, metrics: metricValues(full), passedChecks: full.checks.filter((c) => c.ok).length });
  }
  // by default a soak's participants share pages (one renderer per worker, not one per participant)
  expect(results.soak!.pages).toBe('shared');
  expect(talked.peers).toMatchObject({ consumer: { page: 'shared' }, business: { page: 'shared' } });
  expect(talked.checks.filter((c) => c.id.startsWith('soak.')).map((c) => c.id).sort()).toEqual([
    'soak.counters_monotonic.business', 'soak.counters_monotonic.consumer', 'soak.no_freeze.business', 'soak.no_freeze.consumer',
    'soak.packet_rate_steady.business', 'soak.packet_rate_steady.consumer',
  ]);
  // resource series over the run: the browser's and the harness's memory, the relay's packets
  for (const name of ['browser.rss_mb', 'harness.rss_mb', 'browser.cpu_pct', 'relay.packets_per_s', 'calls.active'] as const) {
    expect(results.soak!.series[name]?.length ?? 0, name).toBeGreaterThan(2);
  }
  expect(Math.max(...results.soak!.series['relay.packets_per_s']!.map((b) => b.max))).toBeGreaterThan(100);
  // the harness's memory by process adds up to the harness's: CLI, runner and workers; no Node peers here
  const lastMean = (name: SoakSeriesName) => results.soak!.series[name]!.at(-1)!.mean;
  for (const name of ['harness.cli.rss_mb', 'harness.runner.rss_mb', 'harness.workers.rss_mb'] as const) expect(lastMean(name), name).toBeGreaterThan(30);
  expect(lastMean('harness.peers.rss_mb')).toBe(0);
  const parts = lastMean('harness.cli.rss_mb') + lastMean('harness.runner.rss_mb') + lastMean('harness.workers.rss_mb');
  expect(parts).toBeCloseTo(lastMean('harness.rss_mb'), 1);
  expect(results.soak!.checks.map((c) => c.id)).toEqual(['soak.memory_slope.harness', 'soak.memory_slope.browser']);
  // minutes are too short for a slope after the warm-up: said as "no verdict" everywhere, never as a pass
  expect(results.soak!.checks.every((c) => c.ok && c.noVerdict)).toBe(true);
  expect(stderr).toMatch(/^n\/a  soak\.memory_slope\.harness: harness RSS: \d+ reading\(s\) over \d+ min after a 15 min warm-up; .* \(no verdict\)$/m);
  expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('- ➖ `soak.memory_slope.browser`: browser RSS:');
  expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="soak" tests="2" failures="0" errors="0" skipped="2" /);
  // the workers really ran with the soak's memory settings (they reach them only through Playwright's fork)
  expect(results.soak!.workerMemorySettings).toEqual(expect.arrayContaining(['--min-semi-space-size=16', '--max-semi-space-size=16', '--no-minor-gc-task', 'MALLOC_ARENA_MAX=1']));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  expect(html).toContain('browser.rss_mb');
  expect(html).toContain('<figcaption>Harness memory by process (MB)</figcaption>');
  expect(html).toContain('<code>--min-semi-space-size=16</code>');
});

test('a soak whose scenario crashes the consumer page: that side gets its own page, the shared page and the other call live on', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-soak-crash-'));
  const { code, stdout, stderr } = await runCli(['soak', '--duration', '40s', '--calls', '2', '--workers', '1', '--cycle', 'unexpected-end-of-call', '--seed', '8', '--out', out]);
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  expect(code, stderr).toBe(0);
  const results = readResults(out);
  expect(results.calls.length).toBe(2);
  for (const call of results.calls) {
    expect(call.status, JSON.stringify(call.checks.filter((c) => !c.ok))).toBe('passed');
    expect(call.endCallReason).toBe('Unexpected_End_Of_Call');
    // the crash takes down the consumer's own page; both businesses share the worker's page
    expect(call.peers).toMatchObject({ consumer: { page: 'own' }, business: { page: 'shared' } });
    expect(call.submissions.some((s) => s.status === 200)).toBe(true);
  }
});

test('SIGINT one minute into a soak: every call ends properly, exit 130, report marked interrupted, nothing left running', async ({}, testInfo) => {
  test.setTimeout(240_000);
  const tag = randomUUID();
  const out = mkdtempSync(join(tmpdir(), 'callsoak-soak-int-'));
  const soak = startSoak(['--duration', '10m', '--calls', '2', '--seed', '6', '--out', out], tag);
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  soak.child.kill('SIGINT');
  const code = await soak.exit;
  await testInfo.attach('cli-output', { body: soak.output(), contentType: 'text/plain' });
  expect(code, soak.output()).toBe(130);
  expect(soak.output()).toContain('callsoak soak: SIGINT: ending every call properly and writing the report');
  const results = readResults(out);
  expect(results.run.status).toBe('interrupted');
  expect(results.soak?.stop).toMatchObject({ signal: 'SIGINT', forced: false });
  // Both held calls ended the way their scenario does — hung up, snapshot taken, submitted — not cut off.
  expect(results.calls).toHaveLength(2);
  for (const call of results.calls) {
    expect(call.endCallReason).toBe('Hangup_Call');
    expect(call.submissions.at(-1)?.status).toBe(200);
    expect((call.payload as { audio_stats: { packets_received: number } }).audio_stats.packets_received).toBeGreaterThan(40 * 50);
  }
  expect(existsSync(join(out, 'index.html'))).toBe(true);
  await expect.poll(() => taggedProcesses(tag), { timeout: 10_000 }).toEqual([]);
});

test('a second SIGINT forces the exit within 5 s and still leaves a readable report', async ({}, testInfo) => {
  test.setTimeout(180_000);
  const tag = randomUUID();
  const out = mkdtempSync(join(tmpdir(), 'callsoak-soak-force-'));
  const history = mkdtempSync(join(tmpdir(), 'callsoak-soak-force-history-'));
  const soak = startSoak(['--duration', '10m', '--calls', '2', '--seed', '6', '--out', out, '--history', history], tag);
  await expect.poll(() => existsSync(join(out, 'soak', 'telemetry')), { timeout: 60_000 }).toBe(true);
  soak.child.kill('SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const forcedAt = Date.now();
  soak.child.kill('SIGINT');
  const code = await soak.exit;
  const tookMs = Date.now() - forcedAt;
  await testInfo.attach('cli-output', { body: soak.output(), contentType: 'text/plain' });
  expect(code, soak.output()).toBe(130);
  expect(tookMs).toBeLessThan(5_000);
  const results = readResults(out);
  expect(results.run.status).toBe('interrupted');
  expect(results.soak?.stop).toMatchObject({ signal: 'SIGINT', forced: true });
  expect(existsSync(join(out, 'index.html'))).toBe(true);
  // recorded in the history as an interrupted soak, which last-green never picks
  const listed = await runCli(['history', 'list', '--history', history]);
  expect(listed.stdout).toMatch(new RegExp(`^${results.run.id} {2}interrupted {2}soak {2}\\d+ calls? `));
  await expect.poll(() => taggedProcesses(tag), { timeout: 10_000 }).toEqual([]);
});

test('soak usage mistakes are all named at once, exit 2, before anything starts', async () => {
  const { code, stderr } = await runCli(['soak', '--duration', '10s', '--churn', '5s', '--cycle', 'hangup-call', 'no-such-scenario', '--profiles', 'wifi', 'moon']);
  expect(code).toBe(2);
  expect(stderr).toBe(
    'callsoak soak: --duration must be at least 30s, got 10s\n' +
      '--churn must be at least 10s, got 5s\n' +
      "--profiles: unknown network profile 'moon' (known: " + (await import('../../harness/relay/profiles.ts')).PROFILE_NAMES.join(', ') + ')\n' +
      '--cycle: unknown scenario no-such-scenario (see `callsoak list`)\n',
  );
  const cwd = mkdtempSync(join(tmpdir(), 'callsoak-soak-usage-'));
  const baseline = await runCli(['soak', '--duration', '1h', '--compare-to', './last-night', '--baseline-runs', '3'], { cwd });
  expect(baseline.code).toBe(2);
  expect(baseline.stderr).toBe(
    'callsoak soak: --baseline-runs 3 pools green runs from the history; it needs --compare-to last-green, not ./last-night\n' +
      '--compare-to: no such run directory: ./last-night\n',
  );
  expect(readdirSync(cwd)).toEqual([]); // nothing started: no run directory, no history
  const malformed = await runCli(['soak', '--duration', 'forever']);
  expect(malformed.code).toBe(2);
  expect(malformed.stderr).toBe("callsoak soak: --duration must be a duration like 90s, 10m, 2h or 1h30m, got 'forever'\n");
});
