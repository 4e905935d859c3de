/**
 * The foundation, end to end: `callsoak run --scenario hangup-call` drives two real Chromium
 * peers through a 10 s call and the run directory says what a user checks.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, REPO_ROOT } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

test('hangup-call: real audio, Hangup_Call, one accepted submission, stats consistent with the talk time', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-run-'));
  const { code, stdout, stderr } = await runCli(['run', '--scenario', 'hangup-call', '--out', out, '--seed', '7']);
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  expect(code, stderr).toBe(0);
  expect(stdout).toMatch(/^PASS hangup-call {2}Hangup_Call {2}[\d.]+ s {2}submitted 200 \(1 attempt\)$/m);
  expect(stderr).toMatch(/^callsoak [\d.]+ · Chromium [\d.]+ \(/m);

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  await testInfo.attach('results.json', { path: join(out, 'results.json') });
  expect(results.schemaVersion).toBe(1);
  expect(results.run).toMatchObject({ seed: 7, status: 'passed', browser: { name: 'Chromium' } });
  expect(results.run.browser.version).toMatch(/^\d+\.\d+/);
  expect(results.summary).toEqual({ calls: 1, passed: 1, failed: 0 });
  expect(results.calls).toHaveLength(1);

  const call = results.calls[0]!;
  expect(call).toMatchObject({ scenario: 'hangup-call', expectedEndCallReason: 'Hangup_Call', endCallReason: 'Hangup_Call', talkSeconds: 10 });
  expect(call.submissions).toHaveLength(1);
  expect(call.submissions[0]).toMatchObject({ attempt: 1, status: 200, response: { success: true } });
  expect(call.submissions[0]!.body).toEqual(call.payload);

  const payload = call.payload as Record<string, any>;
  const stats = payload.audio_stats as Record<string, number>;
  // Opus sends a packet per 20 ms: ~50 per second of talk.
  expect(stats.packets_received).toBeGreaterThan(0.85 * 50 * call.talkSeconds);
  expect(stats.packets_received).toBeLessThan(1.2 * 50 * call.talkSeconds);
  expect(Math.abs(stats.total_samples_duration_ms! / 1000 - call.talkSeconds)).toBeLessThanOrEqual(1.5);
  expect(payload.first_audio_packet_received_time).toBeLessThanOrEqual(payload.call_ended_time);
  expect(payload.call_ended_time).toBeGreaterThan(Date.now() / 1000 - 600); // Unix seconds, just now

  // a time series of raw getStats fields, one sample per second
  expect(call.samples.length).toBeGreaterThanOrEqual(call.talkSeconds - 1);
  expect(call.samples.at(-1)!.inbound!.packetsReceived).toBeGreaterThan(400);
  expect(call.checks.filter((c) => !c.ok && c.severity === 'error')).toEqual([]);

  // every request the endpoint saw is on disk
  expect(existsSync(join(out, 'endpoint'))).toBe(true);
  // reports/latest points at this run
  expect(resolve(REPO_ROOT, 'reports', readlinkSync(join(REPO_ROOT, 'reports', 'latest')))).toBe(resolve(out));
});
