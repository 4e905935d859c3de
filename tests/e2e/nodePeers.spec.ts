/**
 * Node peers end to end: `callsoak run --business node` runs the business on libwebrtc in a
 * Node process, through the same relay, agent, transform, submitter and checks as a page.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

/** Processes whose command line runs a Node peer's entry point. */
function nodePeerProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes('nodePeerMain.ts')) found.push(`${pid}: ${cmdline}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

test('a Node business: real audio stats, ground truth agrees under loss, differences named, nothing left running', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-node-'));
  const { code, stdout, stderr } = await runCli(['run', '--scenario', 'hangup-call', 'packet-loss-10', '--business', 'node', '--seed', '11', '--out', out]);
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  // The CLI exited on its own (runCli would have killed it and seen no exit code otherwise).
  expect(code, stderr).toBe(0);
  expect(nodePeerProcesses()).toEqual([]);

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  await testInfo.attach('results.json', { path: join(out, 'results.json') });
  const hangup = results.calls.find((c) => c.scenario === 'hangup-call')!;
  expect(hangup.peers?.business).toMatchObject({ runtime: 'node' });
  expect(hangup.peers?.business?.version).toMatch(/^Node v\d+\.\d+\.\d+, @roamhq\/wrtc \d+\.\d+\.\d+$/);
  expect(hangup.peers?.consumer).toMatchObject({ runtime: 'chromium', differences: [] });
  // Differences are said, not hidden: Chromium's media-playout report does not exist on libwebrtc in Node.
  expect(hangup.peers?.business?.differences).toContain('stats: no media-playout report (Chromium has one)');
  expect(hangup.peers?.business?.differences.some((d) => d.startsWith('playout: an RTCAudioSink'))).toBe(true);

  const stats = (hangup.payload as { audio_stats: Record<string, number> }).audio_stats;
  expect(stats.packets_received).toBeGreaterThan(0.85 * 50 * hangup.talkSeconds);
  expect(stats.packets_received).toBeLessThan(1.2 * 50 * hangup.talkSeconds);
  expect(Math.abs(stats.total_samples_duration_ms! / 1000 - hangup.talkSeconds)).toBeLessThanOrEqual(1.5);
  expect(stats.jitter_buffer_delay_ms).toBeGreaterThan(0);
  expect(hangup.checks.find((c) => c.id === 'peer.stats_fields')).toMatchObject({ ok: true });

  const lossy = results.calls.find((c) => c.scenario === 'packet-loss-10')!;
  expect(lossy.peers?.business?.runtime).toBe('node');
  const lost = (lossy.payload as { audio_stats: Record<string, number> }).audio_stats.packets_lost!;
  const uplink = (lossy.legs as { role: string; direction: string; kind: string; dropped: { loss: number } }[]).filter((l) => l.role === 'consumer' && l.direction === 'up' && l.kind === 'rtp');
  const dropped = uplink.reduce((sum, leg) => sum + leg.dropped.loss, 0);
  expect(dropped).toBeGreaterThan(20);
  // The relay may drop a packet after the business's last received one; libwebrtc cannot count that.
  expect(Math.abs(lost - dropped)).toBeLessThanOrEqual(3);
  expect(lossy.checks.find((c) => c.id === 'truth.packets_lost.business')).toMatchObject({ ok: true });
  expect(results.summary).toEqual({ calls: 2, passed: 2, failed: 0 });
});

test('a scenario that needs a Chromium side is refused with --business node, naming file and field', async () => {
  const { code, stdout, stderr } = await runCli(['run', '--scenario', 'microphone-permission-denied', 'hangup-call', '--business', 'node']);
  expect(code, stdout).toBe(2);
  expect(stderr).toBe(
    'callsoak run: --business node cannot run these scenarios:\n' +
      "  scenarios/microphone-permission-denied.ts: peers.business.microphone: 'denied' needs business: 'chromium' (a Node peer has no permission model)\n",
  );
});
