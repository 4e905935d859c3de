/**
 * `callsoak relay` as a user runs it: a child process that prints its TURN URL and
 * credentials, relays for any client, and on Ctrl-C (SIGINT) prints per-leg counters.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TurnClient } from '../../../harness/relay/client/turnClient.ts';
import { rtpPacket } from './support/pipelineHarness.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runRelay(args: string[]): Running {
  const child = spawn(process.execPath, ['bin/callsoak.js', 'relay', ...args], { cwd: REPO });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  void exited.then(() => clearTimeout(timer));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function waitForText(running: Running, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(running.stdout());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in output:\n${running.stdout()}\n${running.stderr()}`);
    await sleep(25);
  }
}

test('relays for any client, and Ctrl-C prints per-leg counters that match what arrived', async () => {
  test.setTimeout(60_000);
  const running = runRelay(['--port', '0', '--json', '--loss', '0.25', '--seed', '9']);
  const listening = JSON.parse((await waitForText(running, /^\{"event":"listening".*\}$/m))[0]) as { port: number; username: string; password: string; url: string };
  expect(listening.url).toBe(`turn:127.0.0.1:${listening.port}?transport=udp`);

  const a = await TurnClient.connect({ serverPort: listening.port, username: listening.username, password: listening.password });
  const b = await TurnClient.connect({ serverPort: listening.port, username: listening.username, password: listening.password });
  const aRelayed = await a.allocate();
  const bRelayed = await b.allocate();
  await a.createPermission(bRelayed);
  await b.createPermission(aRelayed);
  await a.channelBind(0x4000, bRelayed);
  let received = 0;
  b.onData = () => received++;
  for (let i = 0; i < 300; i++) {
    a.sendChannelData(0x4000, rtpPacket(0xabcdef, i));
    if (i % 50 === 49) await sleep(5);
  }
  await sleep(300);
  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);
  const stopped = JSON.parse((await waitForText(running, /^\{"event":"stopped".*\}$/m))[0]) as {
    legs: { callId: string; direction: string; ssrc: number | null; offered: number; delivered: number; dropped: { loss: number } }[];
  };
  const uplink = stopped.legs.find((leg) => leg.ssrc === 0xabcdef && leg.direction === 'up')!;
  const downlink = stopped.legs.find((leg) => leg.ssrc === 0xabcdef && leg.direction === 'down')!;
  expect(uplink.callId).not.toBe(downlink.callId); // each client is its own leg
  expect(uplink.offered).toBe(300);
  expect(uplink.dropped.loss).toBe(300 - received);
  expect(uplink.dropped.loss).toBeGreaterThan(40);
  expect(uplink.dropped.loss).toBeLessThan(110);
  expect(downlink.delivered).toBe(received);
  a.close();
  b.close();
});

test('text mode prints the URL and credentials, and a counters table on Ctrl-C', async () => {
  test.setTimeout(60_000);
  const running = runRelay(['--port', '0', '--profile', 'wifi', '--user', 'alice', '--password', 'wonderland']);
  const url = (await waitForText(running, /TURN URL\s+(turn:127\.0\.0\.1:(\d+)\?transport=udp)/))!;
  expect(running.stdout()).toMatch(/username\s+alice/);
  expect(running.stdout()).toMatch(/password\s+wonderland/);
  expect(running.stdout()).toMatch(/network\s+profile wifi/);
  const client = await TurnClient.connect({ serverPort: Number(url[2]), username: 'alice', password: 'wonderland' });
  await client.allocate();
  client.close();
  running.child.kill('SIGINT');
  expect(await running.exited).toBe(0);
  expect(running.stdout()).toMatch(/relay: 1 allocations, error responses 401×1/);
});

test('bad flags: every problem is named at once, exit code 2, no stack trace', async () => {
  test.setTimeout(60_000);
  const running = runRelay(['--port', '0', '--loss', '5', '--delay', 'abc', '--queue', '0', '--user', 'u', '--loss-burst', '0.5']);
  expect(await running.exited).toBe(2);
  expect(running.stderr()).toBe(
    [
      'callsoak: --user and --password go together: give both or neither',
      "--delay must be a number, got 'abc'",
      '--loss must be in [0, 1), got 5',
      '--loss-burst must be 1..10000, got 0.5',
      '--queue must be an integer 1..1000000, got 0',
      '',
    ].join('\n'),
  );

  const unknownProfile = runRelay(['--port', '0', '--profile', '5g']);
  expect(await unknownProfile.exited).toBe(2);
  expect(unknownProfile.stderr()).toMatch(/^callsoak: --profile '5g' is not a known profile \(known: 2\.5g, 3g, .*wifi.*\)\n$/);

  const dir = mkdtempSync(join(tmpdir(), 'callsoak-relay-'));
  const file = join(dir, 'net.json');
  writeFileSync(file, JSON.stringify({ profile: 'dsl', down: { jitterMs: -5, blackouts: [{ atMs: 1000 }] } }));
  const badFile = runRelay(['--port', '0', '--network-file', file]);
  expect(await badFile.exited).toBe(2);
  expect(badFile.stderr()).toBe(
    ['callsoak: net.json.down.jitterMs must be 0..10000, got -5', 'net.json.down.blackouts[0].durationMs is required (a number in (0, 86400000])', ''].join('\n'),
  );
});

test('--list-profiles prints every profile with its source', async () => {
  const running = runRelay(['--list-profiles']);
  expect(await running.exited).toBe(0);
  expect(running.stdout()).toMatch(/^call-drop\s+a network bad enough to drop calls$/m);
  expect(running.stdout()).toMatch(/source: testRTC network profiles \(bandwidth \/ one-way latency \/ packet loss\): 50 kbps, 500 ms, 20%/);
  expect(running.stdout()).toMatch(/^loss-20 /m);
});
