/**
 * External business mode, end to end: the example integration (examples/business-integration,
 * a separate Node project) run as a black box through the CLI. The correct integration passes
 * the external suite; each of its bug variants fails exactly the check named for it; a webhook
 * that does not answer, a command that exits or never becomes ready, and a bad driver fail fast
 * with exit 2 and a message naming the cause.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

const SERVER = 'node examples/business-integration/server.js';
const DRIVER = 'examples/business-integration/driver.js';

async function runExample(args: string[], env: NodeJS.ProcessEnv, testInfo: import('@playwright/test').TestInfo): Promise<CliResult & { out: string; results: RunResults<CallResult> }> {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-external-'));
  const cli = await runCli(['run', '--business', 'external', '--business-command', SERVER, '--talk-seconds', '3', '--seed', '11', '--out', out, ...args], { env, timeoutMs: 220_000 });
  await testInfo.attach('cli-output', { body: `${cli.stderr}\n${cli.stdout}`, contentType: 'text/plain' });
  if (existsSync(join(out, 'business', 'output.log'))) await testInfo.attach('integration-output', { path: join(out, 'business', 'output.log') });
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  return { ...cli, out, results };
}

/** whether something still listens on 127.0.0.1:port */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });
}

test('the example integration passes the external suite; what needs a business driver is skipped with the reason; it is stopped and its output kept', async ({}, testInfo) => {
  const { code, stdout, stderr, out, results } = await runExample(['--suite', 'external'], {}, testInfo);
  expect(code, stderr).toBe(0);
  expect(stderr).toContain('external business: its webhook answered the verification handshake');
  expect(stderr).toMatch(/stopped the business integration/);
  expect(results.run.status).toBe('passed');
  const byId = new Map(results.calls.map((c) => [c.scenario, c]));
  // an auto-answering integration runs what the consumer, the network and the platform cause
  for (const id of ['external-hangup-call', 'external-renegotiation', 'external-forged-webhook', 'external-webhook-retries', 'external-lossy-network', 'external-blackout', 'external-metrics-faults']) {
    const call = byId.get(id);
    expect(call?.status, id).toBe('passed');
    expect(call!.checks.filter((c) => !c.ok && c.severity === 'error'), id).toEqual([]);
  }
  expect(stdout).toMatch(/^PASS external-metrics-faults {2}Hangup_Call {2}[\d.]+ s {2}submitted 200 \(3 attempts\)$/m);
  // what only the business can do needs a driver: skipped, with the reason, not failed
  expect(byId.get('external-decline')).toMatchObject({ status: 'skipped', skipReason: expect.stringContaining('decline') });
  expect(byId.get('external-business-hangup')).toMatchObject({ status: 'skipped', skipReason: expect.stringContaining('hangUp') });
  for (const id of ['external-business-initiated', 'external-webhook-out-of-order']) {
    expect(byId.get(id), id).toMatchObject({ status: 'skipped', skipReason: expect.stringContaining('placeCall(consumer)') });
  }
  // callsoak saw no raw stats of this client (a Node console): those checks say no verdict, never pass
  const hangup = byId.get('external-hangup-call')!;
  const consistency = hangup.checks.filter((c) => c.id.startsWith('contract.consistent_with_stats'));
  expect(consistency.length).toBeGreaterThan(0);
  expect(consistency.every((c) => c.noVerdict === true)).toBe(true);
  // the black-box checks judged it: its /calls requests, the packets against the relay's count
  for (const id of ['calls.offer_well_formed', 'calls.accepted_in_time', 'truth.payload_packets.business', 'platform.metrics_once', 'platform.call_ended_time']) {
    expect(hangup.checks.find((c) => c.id === id), id).toMatchObject({ ok: true });
    expect(hangup.checks.find((c) => c.id === id)?.noVerdict, id).toBeUndefined();
  }
  // its variables and output are in the run directory, and the integration is gone
  const env = readFileSync(join(out, 'business', 'business.env'), 'utf8');
  const port = Number(/^PORT=(\d+)$/m.exec(env)?.[1]);
  expect(env).toMatch(/^CALLSOAK_GRAPH_URL=http:\/\/127\.0\.0\.1:\d+\/v\d+\.\d+$/m);
  expect(readFileSync(join(out, 'business', 'output.log'), 'utf8')).toContain('server.listening');
  expect(await listening(port)).toBe(false);
  // results.json and the report say which integration was tested and where its output is
  expect(results.run.business).toEqual({ webhookUrl: `http://127.0.0.1:${port}/webhook`, command: SERVER, output: 'business/output.log' });
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  expect(html).toContain(`<dt>business</dt><dd>your integration at http://127.0.0.1:${port}/webhook (started: ${SERVER})</dd>`);
  expect(html).toContain('<dt>its output</dt><dd>business/output.log</dd>');
});

test('the example places business-initiated calls through its driver: permission, connect, out-of-order call_status, both hang-ups', async ({}, testInfo) => {
  const scenarios = ['external-business-initiated', 'external-webhook-out-of-order'];
  const { code, stdout, stderr, results } = await runExample([...scenarios.flatMap((id) => ['--scenario', id]), '--business-driver', DRIVER], { AUTO_ANSWER: '0' }, testInfo);
  expect(code, stderr).toBe(0);
  for (const id of scenarios) {
    expect(stdout).toMatch(new RegExp(`^PASS ${id} {2}Hangup_Call `, 'm'));
    const call = results.calls.find((c) => c.scenario === id);
    expect(call?.checks.filter((c) => !c.ok && c.severity === 'error'), id).toEqual([]);
  }
});

/** each bug variant of the example and the one check that must catch it */
const VARIANTS = [
  { bug: 'no-signature-check', scenario: 'external-forged-webhook', check: 'platform.forged_webhook_ignored' },
  { bug: 'metrics-before-terminate', scenario: 'external-business-hangup', check: 'platform.metrics_after_end' },
  { bug: 'ms-timestamps', scenario: 'external-hangup-call', check: 'contract.timestamps.seconds' },
  { bug: 'ignore-renegotiation', scenario: 'external-renegotiation', check: 'truth.payload_packets.business' },
  { bug: 'ended-at-click', scenario: 'external-slow-terminate', check: 'platform.call_ended_time' },
  { bug: 'double-submit', scenario: 'external-hangup-call', check: 'platform.metrics_once' },
] as const;

for (const { bug, scenario, check } of VARIANTS) {
  test(`BUG=${bug} fails exactly ${check} (${scenario})`, async ({}, testInfo) => {
    // the integration answers only when the driver says so, and the driver also hangs up
    const { code, stdout, stderr, results } = await runExample(['--scenario', scenario, '--business-driver', DRIVER], { BUG: bug, AUTO_ANSWER: '0' }, testInfo);
    expect(code, stderr).toBe(1);
    const call = results.calls[0]!;
    expect(call.checks.filter((c) => !c.ok && c.severity === 'error').map((c) => c.id)).toEqual([check]);
    expect(stdout).toMatch(new RegExp(`^FAIL ${scenario} .* failed: ${check.replaceAll('.', '\\.')}$`, 'm'));
  });
}

test('bad input fails fast with exit 2 and names the cause: a webhook that does not answer, a command that exits or never becomes ready, a bad driver or config', async ({}, testInfo) => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-external-bad-'));
  const run = async (title: string, args: string[]) =>
    test.step(title, async () => {
      const result = await runCli(['run', '--business', 'external', '--scenario', 'external-hangup-call', '--business-ready-timeout', '3s', '--out', join(dir, String(Math.random()).slice(2)), ...args], { timeoutMs: 60_000 });
      await testInfo.attach(title, { body: `${result.stderr}\n${result.stdout}`, contentType: 'text/plain' });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace for a user's mistake
      return result.stderr;
    });
  const refused = await run('no webhook', ['--webhook-url', 'http://127.0.0.1:9/webhook']);
  expect(refused).toContain('callsoak run: the webhook http://127.0.0.1:9/webhook did not answer the verification handshake (hub.mode=subscribe, hub.verify_token, hub.challenge) within 3 s: the callback could not be reached');
  const exits = await run('a command that exits', ['--business-command', 'node -e "console.error(\'no database\'); process.exit(3)"']);
  expect(exits).toMatch(/callsoak run: --business-command `node -e .*` exited \(exit code 3\) before its webhook http:\/\/127\.0\.0\.1:\d+\/webhook answered the verification handshake/);
  expect(exits).toContain('err| no database');
  const never = await run('a command that never becomes ready', ['--business-command', 'node -e "setInterval(() => {}, 1000)"']);
  expect(never).toMatch(/--business-command .* did not .*within 3 s/);
  const driver = join(dir, 'driver.mjs');
  writeFileSync(driver, 'export const answer = 5;\n');
  expect(await run('a driver without functions', ['--webhook-url', 'http://127.0.0.1:9/webhook', '--business-driver', driver])).toContain(`callsoak run: --business-driver ${driver}: \`answer\` must be a function, got number`);
  const config = join(dir, 'callsoak.config.json');
  writeFileSync(config, JSON.stringify({ webhookUrl: 'http://example.com/x', businessReadyTimeout: 'soon', bogus: 1 }));
  const configErrors = await run('a config with three mistakes', ['--config', config]);
  expect(configErrors).toContain(`callsoak run: --config ${config}:\n  bogus is not a known field`);
  expect(configErrors).toContain("  webhookUrl must be an http:// URL on 127.0.0.1, localhost or [::1], got 'http://example.com/x'");
  expect(configErrors).toContain("  businessReadyTimeout must be a duration like 90s, 10m, 2h or 1h30m, got 'soon'");
});
