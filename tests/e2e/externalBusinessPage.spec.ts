/**
 * A team's integration with a web agent console, end to end: `callsoak run --business external`
 * starts examples/business-integration with CONSOLE=page, opens its /agent page in callsoak's
 * Chromium, and the call's WebRTC runs in that page. Because callsoak observes the page's
 * RTCPeerConnection, it judges the submitted payload against the page's own getStats.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

test('page agent console: the call passes and the payload is judged against the page’s own stats', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-page-console-'));
  const { code, stdout, stderr } = await runCli(
    [
      'run',
      '--business', 'external',
      '--business-command', 'node examples/business-integration/server.js',
      // a path: on the webhook's origin, whose port callsoak chose and gave the command as PORT
      '--business-page', '/agent',
      '--scenario', 'external-hangup-call',
      '--talk-seconds', '4',
      '--out', out,
    ],
    { env: { CONSOLE: 'page', AUTO_ANSWER: '1' } },
  );
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  await testInfo.attach('integration-output', { path: join(out, 'business', 'output.log') }).catch(() => undefined);
  expect(code, stderr).toBe(0);
  expect(stdout).toMatch(/^PASS external-hangup-call {2}Hangup_Call /m);
  // the integration really used the page: it logged the page's connection
  expect(readFileSync(join(out, 'business', 'output.log'), 'utf8')).toMatch(/console=page[\s\S]*console\.page_connected/);

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.summary).toEqual({ calls: 1, passed: 1, failed: 0 });
  const call = results.calls[0]!;
  const consistency = call.checks.filter((c) => c.id.startsWith('contract.consistent_with_stats.'));
  // one per audio_stats field callsoak can recompute from the observed stats
  expect(consistency.map((c) => c.id).sort()).toEqual(
    ['concealed_samples', 'jitter', 'jitter_buffer_delay_ms', 'packets_lost', 'packets_received', 'round_trip_time_ms', 'silent_concealed_samples', 'total_samples_duration_ms'].map(
      (f) => `contract.consistent_with_stats.${f}`,
    ),
  );
  for (const check of consistency) {
    expect(check.ok, `${check.id}: ${check.message}`).toBe(true);
    // judged, not left without a verdict for want of the page's stats
    expect(check.noVerdict, `${check.id}: ${check.message}`).toBeUndefined();
  }
  expect((call.payload as { audio_stats: { packets_received: number } }).audio_stats.packets_received).toBeGreaterThan(0);
});
