/**
 * The relay's thread boundary (startRelay.ts, startRelayThread.ts, relayThreadMain.ts) over real
 * UDP on 127.0.0.1: a change reaches the thread before the packets sent after it, a read counts
 * every packet sent before it, the thread ends on close and dies with its process.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TurnClient } from '../../../harness/relay/client/turnClient.ts';
import { Method } from '../../../harness/relay/core/stunConstants.ts';
import { bindUdp } from '../../../harness/relay/relaySockets.ts';
import { RELAY_THREAD_NAME } from '../../../harness/relay/relayThreadProtocol.ts';
import { startRelay } from '../../../harness/relay/startRelay.ts';
import type { Relay, RelayIsolation } from '../../../harness/relay/startRelay.ts';
import { rtpPacket } from './support/pipelineHarness.ts';
import { connectedPair } from './support/connectedPair.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** this process's threads named as the relay's thread names itself (Linux /proc) */
function relayThreads(): number {
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === RELAY_THREAD_NAME;
    } catch {
      return false; // the thread ended while we looked
    }
  }).length;
}

/** sends `count` RTP packets back to back, from sequence number `first`; they are in the relay's socket buffer when it returns */
function burst(client: TurnClient, first: number, count: number): void {
  for (let i = 0; i < count; i++) client.sendChannelData(0x4000, rtpPacket(0xca11, first + i, 0, 160));
}

const uplink = async (relay: Relay, callId: string) =>
  (await relay.groundTruth(callId)).find((leg) => leg.role === 'consumer' && leg.direction === 'up' && leg.ssrc === 0xca11);

for (const isolation of ['thread', 'in-process'] as RelayIsolation[]) {
  test(`a read made right after a burst counts every packet of it, without waiting (${isolation})`, async () => {
    const relay = await startRelay({ seed: 1, isolation });
    const { consumer, business } = await connectedPair(relay, 'burst');
    // 200 packets wait in the relay's socket: more than one turn of its event loop reads (32)
    burst(consumer, 0, 200);
    expect(await uplink(relay, 'burst')).toMatchObject({ offered: 200, delivered: 200 });
    burst(consumer, 200, 200);
    expect((await uplink(relay, 'burst'))?.offered).toBe(400);
    expect((await relay.stats()).localHandoffs).toBe(400); // both allocations are the relay's: handed over in its own loop
    for (const client of [consumer, business]) client.close();
    await relay.close();
  });
}

test('an impairment changed mid-call reaches the relay thread before the packets sent after it', async () => {
  const relay = await startRelay({ seed: 1 });
  expect(relay.isolation).toBe('thread');
  const { consumer, business } = await connectedPair(relay, 'mid');
  await relay.setImpairment('mid', 'consumer', 'up', {});
  burst(consumer, 0, 100);
  // a blackout step, as the timeline's `blackout` sends it: from the moment the relay applies it
  await relay.setImpairment('mid', 'consumer', 'up', { blackouts: [{ atMs: 0, durationMs: 60_000, mode: 'drop' }] });
  burst(consumer, 100, 100);
  expect(await uplink(relay, 'mid')).toMatchObject({ offered: 200, delivered: 100, dropped: { loss: 0, queue: 0, blackout: 100 } });
  // and a schedule: total loss from the moment it is applied
  await relay.setImpairment('mid', 'consumer', 'up', { schedule: [{ atMs: 0, loss: 1 }] });
  burst(consumer, 200, 50);
  expect(await uplink(relay, 'mid')).toMatchObject({ offered: 250, delivered: 100, dropped: { loss: 50, queue: 0, blackout: 100 } });
  const leg = await uplink(relay, 'mid');
  expect(leg!.droppedPositions).toEqual(Array.from({ length: 150 }, (_, i) => 100 + i));
  for (const client of [consumer, business]) client.close();
  await relay.close();
});

test('close ends the thread: its port is free, its thread is gone, and later calls are refused', async () => {
  expect(relayThreads()).toBe(0);
  const relay = await startRelay({ seed: 1 });
  expect(relayThreads()).toBe(1);
  const { port } = relay;
  await relay.close();
  expect(relayThreads()).toBe(0);
  const again = await bindUdp('127.0.0.1', port);
  expect(again).not.toBeNull();
  again!.close();
  await expect(relay.stats()).rejects.toThrow('the relay is closed');
  await expect(relay.createCredentials('late', 'consumer')).rejects.toThrow('the relay is closed');
  await relay.close(); // twice is fine
});

test('a port in use fails the start with the reason, and leaves no thread behind', async () => {
  const taken = (await bindUdp('127.0.0.1', 0))!;
  await expect(startRelay({ seed: 1, port: taken.address().port })).rejects.toThrow(`cannot listen on 127.0.0.1:${taken.address().port} (port in use?)`);
  expect(relayThreads()).toBe(0);
  taken.close();
});

test('the relay thread dies with its process, even one killed without a chance to close it', async () => {
  test.setTimeout(30_000);
  const child = spawn(process.execPath, ['bin/run-ts.js', 'tests/unit/relay/support/relayOwner.ts'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
  try {
    const started = await new Promise<{ port: number; isolation: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!));
      });
      child.once('exit', (code) => reject(new Error(`the owner exited early (${code})`)));
    });
    expect(started.isolation).toBe('thread');
    const probe = await TurnClient.connect({ serverPort: started.port, username: 'x', password: 'x', attempts: 3 });
    expect((await probe.request(Method.binding, () => {}, false)).method).toBe(Method.binding); // the relay answers
    child.kill('SIGKILL');
    await exited;
    await expect(probe.request(Method.binding, () => {}, false)).rejects.toThrow(/no response/);
    probe.close();
    // its listening port went with it
    let freed = await bindUdp('127.0.0.1', started.port);
    for (let i = 0; i < 20 && !freed; i++) {
      await sleep(50);
      freed = await bindUdp('127.0.0.1', started.port);
    }
    expect(freed).not.toBeNull();
    freed!.close();
  } finally {
    clearTimeout(guard);
    child.kill('SIGKILL');
  }
});
