/**
 * Interoperability with an independent TURN client: coturn's turnutils_uclient relays
 * client-to-client through our relay with no loss when nothing is impaired, and reports the
 * configured loss when the relay drops packets.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startRelay } from '../../../harness/relay/startRelay.ts';
import type { Impairment } from '../../../harness/relay/impairmentSchema.ts';

const UCLIENT = '/usr/bin/turnutils_uclient';

interface UclientReport {
  sent: number;
  received: number;
  lost: number;
  output: string;
}

/** runs uclient in client-to-client mode against a relay with `up` on every client's uplink */
async function runUclient(up: Impairment, clients: number, messages: number) {
  const relay = await startRelay({ seed: 5, sharedUser: { username: 'soak', password: 'soak-pw', callId: 'uclient', up, down: {} } });
  const args = ['-y', '-m', String(clients), '-n', String(messages), '-z', '5', '-u', 'soak', '-w', 'soak-pw', '-p', String(relay.port), '127.0.0.1'];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(UCLIENT, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else reject(new Error(`turnutils_uclient exited ${code}:\n${text.slice(-2000)}`));
    });
  });
  const totals = /tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$/m.exec(output);
  const lost = /Total lost packets (\d+)/.exec(output);
  if (!totals || !lost) throw new Error(`unexpected turnutils_uclient output:\n${output.slice(-2000)}`);
  const report: UclientReport = { sent: Number(totals[1]), received: Number(totals[2]), lost: Number(lost[1]), output };
  const legs = (await Promise.all((await relay.calls()).map((call) => relay.groundTruth(call.callId)))).flat();
  const stats = await relay.stats();
  await relay.close();
  return { report, legs, stats };
}

test.skip(!existsSync(UCLIENT), 'coturn (turnutils_uclient) is not installed');

test('turnutils_uclient relays client-to-client with 0 lost packets when nothing is impaired', async () => {
  test.setTimeout(60_000);
  const { report, stats } = await runUclient({}, 4, 100);
  expect(report.sent).toBe(400);
  expect(report.lost).toBe(0);
  expect(report.received).toBe(400);
  expect(stats.errors[401]).toBeGreaterThan(0); // it authenticated after the usual challenge
  expect(stats.allocationsCreated).toBeGreaterThanOrEqual(4);
});

test('turnutils_uclient reports a loss close to the configured 20 %, matching the relay\'s own count', async () => {
  test.setTimeout(60_000);
  const { report, legs } = await runUclient({ loss: 0.2 }, 4, 200);
  expect(report.sent).toBe(800);
  // 800 independent 20 % trials: 99.9 % of runs land within ±3.3σ (σ ≈ 11.3)
  expect(report.lost).toBeGreaterThan(160 - 38);
  expect(report.lost).toBeLessThan(160 + 38);
  const droppedByRelay = legs.filter((leg) => leg.direction === 'up').reduce((sum, leg) => sum + leg.dropped.loss, 0);
  expect(report.lost).toBe(droppedByRelay);
});
