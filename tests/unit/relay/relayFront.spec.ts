/**
 * Fronts (relayFront.ts, Relay.openFront) over real UDP on 127.0.0.1: a "client" that knows
 * nothing of TURN sends to the front, a "target" (the edge) answers the edge-facing socket, and
 * the role's legs impair and count both directions as they do TURN-relayed data.
 */
import { test, expect } from '@playwright/test';
import type { Socket } from 'node:dgram';
import { bindUdp } from '../../../harness/relay/relaySockets.ts';
import { startRelay } from '../../../harness/relay/startRelay.ts';
import type { LegGroundTruth, Relay, RelayIsolation } from '../../../harness/relay/startRelay.ts';
import { rtpPacket } from './support/pipelineHarness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

/** a UDP socket on 127.0.0.1 that keeps what it receives */
class Peer {
  readonly received: { data: Buffer; port: number }[] = [];
  private constructor(readonly socket: Socket) {
    socket.on('message', (data, rinfo) => this.received.push({ data, port: rinfo.port }));
  }
  static async open(): Promise<Peer> {
    return new Peer((await bindUdp('127.0.0.1', 0))!);
  }
  get port(): number {
    return this.socket.address().port;
  }
  send(data: Buffer, to: { port: number }): void {
    this.socket.send(data, to.port, '127.0.0.1');
  }
  /** RTP sequence numbers received, in arrival order */
  sequences(): number[] {
    return this.received.map((r) => r.data.readUInt16BE(2));
  }
  close(): void {
    this.socket.close();
  }
}

const leg = async (relay: Relay, callId: string, role: string, direction: string, ssrc: number): Promise<LegGroundTruth | undefined> =>
  (await relay.groundTruth(callId)).find((l) => l.role === role && l.direction === direction && l.ssrc === ssrc);

/**
 * sends RTP packets `first`..`first + count - 1` in bursts of 50, each burst read by the relay
 * (a read drains its sockets) before the next, so no socket buffer overflows
 */
async function sendRtp(relay: Relay, from: Peer, to: { port: number }, ssrc: number, first: number, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 50) {
    for (let i = sent; i < Math.min(count, sent + 50); i++) from.send(rtpPacket(ssrc, first + i, i, 160), to);
    await relay.stats();
  }
}

/** client, target, and a front between them for (callId, role) */
async function frontRig(relay: Relay, callId: string, role: 'consumer' | 'business', seedKey?: string) {
  const client = await Peer.open();
  const target = await Peer.open();
  const front = await relay.openFront(callId, role, { host: '127.0.0.1', port: target.port }, seedKey);
  return { client, target, front, close: () => [client, target].forEach((peer) => peer.close()) };
}

for (const isolation of ['thread', 'in-process'] as RelayIsolation[]) {
  test(`datagrams cross a front both ways intact, counted on the role's up and down legs (${isolation})`, async () => {
    const relay = await startRelay({ seed: 1, isolation });
    const { client, target, front, close } = await frontRig(relay, 'ext-1', 'business');
    expect(front.host).toBe('127.0.0.1');
    expect((await relay.stats()).fronts).toBe(1);

    const up = Array.from({ length: 20 }, (_, i) => rtpPacket(0xb0b, 100 + i, i, 160));
    for (const packet of up) client.send(packet, front);
    await waitFor(() => target.received.length === 20);
    expect(target.received.map((r) => r.data)).toEqual(up);
    // the target sees the front's edge-facing socket, not the client and not the front
    const edgePort = target.received[0]!.port;
    expect(new Set(target.received.map((r) => r.port))).toEqual(new Set([edgePort]));
    expect(edgePort).not.toBe(front.port);
    expect(edgePort).not.toBe(client.port);

    const down = Array.from({ length: 30 }, (_, i) => rtpPacket(0xed6e, 7 + i, i, 160));
    for (const packet of down) target.send(packet, { port: edgePort });
    await waitFor(() => client.received.length === 30);
    expect(client.received.map((r) => r.data)).toEqual(down);
    expect(new Set(client.received.map((r) => r.port))).toEqual(new Set([front.port]));

    const upLeg = await leg(relay, 'ext-1', 'business', 'up', 0xb0b);
    expect(upLeg).toMatchObject({ kind: 'rtp', offered: 20, delivered: 20, dropped: { loss: 0, queue: 0, blackout: 0 }, offeredBytes: 20 * 172 });
    expect(upLeg!.payloadTypes).toMatchObject([{ payloadType: 111, offered: 20, delivered: 20 }]);
    expect(upLeg!.series.reduce((sum, point) => sum + point.delivered, 0)).toBe(20);
    expect(await leg(relay, 'ext-1', 'business', 'down', 0xed6e)).toMatchObject({ kind: 'rtp', offered: 30, delivered: 30 });
    // nothing on the other role, and a front is data-only: no allocation, no control counters
    expect((await relay.groundTruth('ext-1')).every((l) => l.role === 'business')).toBe(true);
    expect((await relay.stats()).relayed).toBe(50);
    expect((await relay.calls()).map((c) => c.callId)).toEqual(['ext-1']);

    close();
    await relay.close();
  });

  test(`endCall closes the call's fronts: later sends reach nobody and the port is free (${isolation})`, async () => {
    const relay = await startRelay({ seed: 1, isolation });
    const { client, target, front, close } = await frontRig(relay, 'ending', 'consumer');
    const other = await frontRig(relay, 'ending-2', 'consumer');
    client.send(rtpPacket(1, 0), front);
    await waitFor(() => target.received.length === 1);
    const edgePort = target.received[0]!.port;
    expect((await relay.stats()).fronts).toBe(2);

    await relay.endCall('ending');
    expect((await relay.stats()).fronts).toBe(1);
    expect(await relay.groundTruth('ending')).toEqual([]);
    client.send(rtpPacket(1, 1), front);
    target.send(rtpPacket(2, 0), { port: edgePort });
    // the other call's front still forwards; the relay has read everything sent before its answer
    other.client.send(rtpPacket(3, 0), other.front);
    await waitFor(() => other.target.received.length === 1);
    await relay.stats();
    await sleep(100); // time for anything the relay might still send to reach this process
    expect(target.received.length).toBe(1);
    expect(client.received.length).toBe(0);
    expect(await relay.groundTruth('ending')).toEqual([]);
    // both of the front's sockets are closed: their ports can be bound again
    for (const port of [front.port, edgePort]) {
      const again = await bindUdp('127.0.0.1', port);
      expect(again).not.toBeNull();
      again!.close();
    }

    await relay.close();
    const reopened = await bindUdp('127.0.0.1', other.front.port); // close() closed the remaining front
    expect(reopened).not.toBeNull();
    reopened!.close();
    close();
    other.close();
  });
}

test('50 % loss on a front\'s up leg drops about half, exactly the positions ground truth reports (thread)', async () => {
  const relay = await startRelay({ seed: 9 });
  const { client, target, front, close } = await frontRig(relay, 'lossy', 'business');
  await relay.setImpairment('lossy', 'business', 'up', { loss: 0.5 });
  await sendRtp(relay, client, front, 0x10ad, 65_300, 400); // wraps past 65535
  const truth = (await leg(relay, 'lossy', 'business', 'up', 0x10ad))!;
  expect(truth.offered).toBe(400);
  await waitFor(() => target.received.length === truth.delivered);
  const arrived = new Set(target.sequences());
  const missing = [];
  for (let i = 0; i < 400; i++) if (!arrived.has((65_300 + i) & 0xffff)) missing.push(i);
  expect(missing).toEqual([...truth.droppedPositions].sort((a, b) => a - b));
  expect(truth.dropped).toEqual({ loss: missing.length, queue: 0, blackout: 0 });
  // a binomial(400, 0.5) count lies within ±4 standard deviations (±40) of 200 all but once in 15,000 runs
  expect(missing.length).toBeGreaterThan(160);
  expect(missing.length).toBeLessThan(240);
  close();
  await relay.close();
});

test('a front\'s random loss derives from (seed, seedKey), like credentials: same key, same drops', async () => {
  const relay = await startRelay({ seed: 5 });
  const dropped: Record<string, number[]> = {};
  for (const [callId, seedKey] of [['run-1', 'scenario/rep-1'], ['run-2', 'scenario/rep-1'], ['run-3', 'scenario/rep-2']] as const) {
    const { client, front, close } = await frontRig(relay, callId, 'business', seedKey);
    await relay.setImpairment(callId, 'business', 'up', { loss: 0.5 });
    await sendRtp(relay, client, front, 0x5eed, 0, 100);
    dropped[callId] = (await leg(relay, callId, 'business', 'up', 0x5eed))!.droppedPositions;
    close();
  }
  expect(dropped['run-1']!.length).toBeGreaterThan(20);
  expect(dropped['run-2']).toEqual(dropped['run-1']);
  expect(dropped['run-3']).not.toEqual(dropped['run-1']);
  await relay.close();
});

test('a blackout on a front\'s down leg drops everything in it; lifted, traffic flows again (in-process)', async () => {
  const relay = await startRelay({ seed: 1, isolation: 'in-process' });
  const { client, target, front, close } = await frontRig(relay, 'dark', 'business');
  client.send(rtpPacket(0xc1, 0), front); // the front learns the client's address
  await waitFor(() => target.received.length === 1);
  const edge = { port: target.received[0]!.port };

  await relay.setImpairment('dark', 'business', 'down', { blackouts: [{ atMs: 0, durationMs: 60_000, mode: 'drop' }] });
  await sendRtp(relay, target, edge, 0xed, 0, 50);
  expect(await leg(relay, 'dark', 'business', 'down', 0xed)).toMatchObject({ offered: 50, delivered: 0, dropped: { loss: 0, queue: 0, blackout: 50 } });

  await relay.setImpairment('dark', 'business', 'down', {});
  await sendRtp(relay, target, edge, 0xed, 50, 50);
  await waitFor(() => client.received.length === 50);
  expect(client.sequences()).toEqual(Array.from({ length: 50 }, (_, i) => 50 + i));
  const truth = (await leg(relay, 'dark', 'business', 'down', 0xed))!;
  expect(truth).toMatchObject({ offered: 100, delivered: 50, dropped: { loss: 0, queue: 0, blackout: 50 } });
  expect(truth.droppedPositions).toEqual(Array.from({ length: 50 }, (_, i) => i));
  close();
  await relay.close();
});

test('the edge-facing socket drops datagrams from anyone but the target; down goes to where the client last sent from (thread)', async () => {
  const relay = await startRelay({ seed: 1 });
  const { client, target, front, close } = await frontRig(relay, 'strays', 'consumer');
  const stranger = await Peer.open();
  client.send(rtpPacket(0xc1, 0), front);
  await waitFor(() => target.received.length === 1);
  const edge = { port: target.received[0]!.port };

  for (let i = 0; i < 10; i++) stranger.send(rtpPacket(0x5a5a, i), edge);
  target.send(rtpPacket(0xed, 0), edge);
  await waitFor(() => client.received.length === 1);
  await relay.stats(); // every stray was read before this answer
  await sleep(50);
  expect(client.sequences()).toEqual([0]);
  expect(client.received[0]!.data.readUInt32BE(8)).toBe(0xed);
  expect((await relay.groundTruth('strays')).filter((l) => l.direction === 'down').map((l) => [l.ssrc, l.offered])).toEqual([[0xed, 1]]);

  // the client moves (as libwebrtc may send from another local address or port): down follows it
  const moved = await Peer.open();
  moved.send(rtpPacket(0xc1, 1), front);
  await waitFor(() => target.received.length === 2);
  target.send(rtpPacket(0xed, 1), edge);
  await waitFor(() => moved.received.length === 1);
  expect(client.received.length).toBe(1);
  for (const peer of [stranger, moved]) peer.close();
  close();
  await relay.close();
});

test('a front to a target outside loopback, or with no port, is refused with the reason', async () => {
  const relay = await startRelay({ seed: 1, isolation: 'in-process' });
  await expect(relay.openFront('bad', 'business', { host: '10.0.0.1', port: 5000 })).rejects.toThrow(
    'openFront("bad", "business"): target.host must be an IPv4 loopback address (127.x.x.x), got "10.0.0.1"',
  );
  await expect(relay.openFront('bad', 'business', { host: '127.0.0.1', port: 0 })).rejects.toThrow('target.port must be an integer 1–65535, got 0');
  expect((await relay.stats()).fronts).toBe(0);
  await relay.close();
  const threaded = await startRelay({ seed: 1 });
  await expect(threaded.openFront('bad', 'consumer', { host: 'example.com', port: 5000 })).rejects.toThrow('target.host must be an IPv4 loopback address');
  await threaded.close();
});
