/**
 * The relay over real UDP on 127.0.0.1, driven by the project's TURN test client: two
 * allocations of one call relay to each other, impairment and ground truth agree with what
 * the receiving client actually got, and the relay refuses what it must refuse.
 */
import { test, expect } from '@playwright/test';
import { TurnClient, TurnError } from '../../../harness/relay/client/turnClient.ts';
import { Method } from '../../../harness/relay/core/stunConstants.ts';
import { errorCodeOf } from '../../../harness/relay/core/stunMessage.ts';
import { bindUdp } from '../../../harness/relay/relaySockets.ts';
import { startRelay } from '../../../harness/relay/startRelay.ts';
import { rtpPacket } from './support/pipelineHarness.ts';
import { connectedPair } from './support/connectedPair.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(10);
  }
}

for (const localHandoff of [true, false]) {
  test(`two allocations of a call relay RTP both ways; ground truth counts each SSRC on each leg (${localHandoff ? 'handed over in process' : 'over loopback'})`, async () => {
    const relay = await startRelay({ seed: 1, localHandoff });
    const { consumer, business, businessRelayed } = await connectedPair(relay, 'call-1');
    const atBusiness: number[] = [];
    const atConsumer: number[] = [];
    business.onData = (data) => atBusiness.push(data.readUInt16BE(2));
    consumer.onData = (data) => atConsumer.push(data.readUInt16BE(2));
    for (let i = 0; i < 200; i++) {
      consumer.sendChannelData(0x4000, rtpPacket(0xc0ffee, 1000 + i));
      business.sendChannelData(0x4001, rtpPacket(0xb00b5, 50 + i));
      if (i % 50 === 49) await sleep(5);
    }
    await waitFor(() => atBusiness.length === 200 && atConsumer.length === 200);
    // a Send indication reaches the peer as well (here as ChannelData, since a channel is bound)
    consumer.sendIndication(businessRelayed, rtpPacket(0xc0ffee, 1200));
    await waitFor(() => atBusiness.length === 201);

    const legs = await relay.groundTruth('call-1');
    const pick = (role: string, direction: string, ssrc: number) => legs.find((l) => l.role === role && l.direction === direction && l.ssrc === ssrc);
    expect(pick('consumer', 'up', 0xc0ffee)).toMatchObject({ kind: 'rtp', offered: 201, delivered: 201, dropped: { loss: 0, queue: 0, blackout: 0 } });
    expect(pick('business', 'down', 0xc0ffee)).toMatchObject({ kind: 'rtp', offered: 201, delivered: 201 });
    expect(pick('business', 'up', 0xb00b5)).toMatchObject({ offered: 200, delivered: 200 });
    expect(pick('consumer', 'down', 0xb00b5)).toMatchObject({ offered: 200, delivered: 200 });
    expect((await relay.stats()).allocations).toBe(2);
    expect((await relay.stats()).localHandoffs).toBe(localHandoff ? 401 : 0); // both peers are ours: handed over without a loopback hop

    await relay.endCall('call-1');
    expect((await relay.stats()).allocations).toBe(0);
    expect(await relay.groundTruth('call-1')).toEqual([]);
    await expect(consumer.refresh(600)).rejects.toThrow(/401/); // its credentials are gone too
    consumer.close();
    business.close();
    await relay.close();
  });
}

test('ending a call leaves calls whose ids merely start with its id alone', async () => {
  const relay = await startRelay({ seed: 1 });
  const a = await connectedPair(relay, 'call');
  const b = await connectedPair(relay, 'call-2');
  await relay.endCall('call');
  expect((await relay.stats()).allocations).toBe(2);
  expect(await b.consumer.refresh(600)).toBe(600);
  for (const client of [a.consumer, a.business, b.consumer, b.business]) client.close();
  await relay.close();
});

test('a peer outside the relay gets Send data over real UDP and answers through Data indications, only with a permission', async () => {
  const relay = await startRelay({ seed: 1 });
  const { username, credential } = await relay.createCredentials('ext', 'consumer');
  const client = await TurnClient.connect({ serverPort: relay.port, username, password: credential });
  const relayed = await client.allocate();
  const peer = (await bindUdp('127.0.0.1', 0))!;
  const stranger = (await bindUdp('127.0.0.1', 0))!;
  const atPeer: string[] = [];
  peer.on('message', (msg, rinfo) => atPeer.push(`${msg.toString()} from ${rinfo.port}`));
  const atClient: string[] = [];
  client.onData = (data, source) => atClient.push(`${data.toString()} from ${source.peer?.port}`);

  await client.createPermission({ address: '127.0.0.1', port: peer.address().port });
  client.sendIndication({ address: '127.0.0.1', port: peer.address().port }, Buffer.from('hello peer'));
  await waitFor(() => atPeer.length === 1);
  expect(atPeer).toEqual([`hello peer from ${relayed.port}`]);
  peer.send('hello client', relayed.port, '127.0.0.1');
  await waitFor(() => atClient.length === 1);
  expect(atClient).toEqual([`hello client from ${peer.address().port}`]);
  // another port on the same IP passes too: permissions are per IP, not per port (RFC 8656 §9)
  stranger.send('me too', relayed.port, '127.0.0.1');
  await waitFor(() => atClient.length === 2);
  expect((await relay.groundTruth('ext')).find((leg) => leg.direction === 'down')).toMatchObject({ kind: 'other', offered: 2, delivered: 2 });
  expect((await relay.stats()).localHandoffs).toBe(0);
  for (const socket of [peer, stranger]) socket.close();
  client.close();
  await relay.close();
});

test('packets the relay drops are exactly the positions ground truth reports', async () => {
  const relay = await startRelay({ seed: 42 });
  const { consumer, business } = await connectedPair(relay, 'lossy');
  await relay.setImpairment('lossy', 'consumer', 'up', { loss: 0.3 });
  const received = new Set<number>();
  business.onData = (data) => received.add(data.readUInt16BE(2));
  const first = 65_400; // wraps past 65535: positions are unwrapped
  for (let i = 0; i < 400; i++) {
    consumer.sendChannelData(0x4000, rtpPacket(0x5eed, first + i));
    if (i % 40 === 39) await sleep(5);
  }
  const truth = async () => (await relay.groundTruth('lossy')).find((l) => l.role === 'consumer' && l.direction === 'up' && l.ssrc === 0x5eed)!;
  await waitFor(async () => {
    const leg = await truth();
    return leg?.offered === 400 && received.size === leg.delivered;
  });
  const missing = [];
  for (let i = 0; i < 400; i++) if (!received.has((first + i) & 0xffff)) missing.push(i);
  expect(missing).toEqual([...(await truth()).droppedPositions].sort((a, b) => a - b));
  expect(missing.length).toBeGreaterThan(80);
  expect(missing.length).toBeLessThan(160);
  consumer.close();
  business.close();
  await relay.close();
});

test('two runs of the same scenario (same seed and seed key, new call ids, SSRCs and sequence starts) drop the same positions', async () => {
  const dropped: number[][] = [];
  for (const [callId, ssrc, firstSeq] of [['run-1-3f9a', 0x1234, 17], ['run-2-c0de', 0x9999, 60_000]] as const) {
    const relay = await startRelay({ seed: 77 });
    const clients = [];
    for (const role of ['consumer', 'business'] as const) {
      const { username, credential } = await relay.createCredentials(callId, role, 'scenario-a/rep-1');
      clients.push(await TurnClient.connect({ serverPort: relay.port, username, password: credential }));
    }
    const [consumer, business] = clients as [TurnClient, TurnClient];
    const businessRelayed = await business.allocate();
    await consumer.allocate();
    await consumer.createPermission(businessRelayed);
    await consumer.channelBind(0x4000, businessRelayed);
    await relay.setImpairment(callId, 'consumer', 'up', { loss: 0.3 });
    for (let i = 0; i < 300; i++) {
      consumer.sendChannelData(0x4000, rtpPacket(ssrc, firstSeq + i));
      if (i % 50 === 49) await sleep(5);
    }
    const truth = async () => (await relay.groundTruth(callId)).find((l) => l.role === 'consumer' && l.direction === 'up' && l.kind === 'rtp');
    await waitFor(async () => (await truth())?.offered === 300);
    dropped.push((await truth())!.droppedPositions);
    consumer.close();
    business.close();
    await relay.close();
  }
  expect(dropped[0]!.length).toBeGreaterThan(50);
  expect(dropped[1]).toEqual(dropped[0]);
});

test('a delay set on one leg direction shows up in arrival times', async () => {
  const relay = await startRelay({ seed: 3 });
  const { consumer, business } = await connectedPair(relay, 'slow');
  await relay.setImpairment('slow', 'business', 'down', { delayMs: 80 });
  const delays: number[] = [];
  business.onData = (data) => delays.push(performance.now() - data.readDoubleBE(12));
  for (let i = 0; i < 20; i++) {
    consumer.sendChannelData(0x4000, rtpPacket(1, i, performance.now()));
    await sleep(10);
  }
  await waitFor(() => delays.length === 20);
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(79.5);
  expect(Math.max(...delays)).toBeLessThan(120);
  consumer.close();
  business.close();
  await relay.close();
});

test('no credentials or wrong ones get 401; non-loopback peers get 403; invalid impairments are refused', async () => {
  const relay = await startRelay({ seed: 1 });
  const { username } = await relay.createCredentials('sec', 'consumer');
  const wrong = await TurnClient.connect({ serverPort: relay.port, username, password: 'guess' });
  await expect(wrong.allocate()).rejects.toThrow(/TURN error 401/);
  const bare = await TurnClient.connect({ serverPort: relay.port, username, password: 'x' });
  const unsigned = await bare.request(Method.allocate, () => {}, false);
  expect(errorCodeOf(unsigned)?.code).toBe(401);

  const { consumer } = await connectedPair(relay, 'sec2');
  const refused = await consumer.createPermission({ address: '93.184.216.34', port: 443 }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(TurnError);
  expect((refused as TurnError).code).toBe(403);
  expect((await relay.stats()).forbiddenPeer).toBe(1);

  expect(() => relay.setImpairment('sec2', 'consumer', 'up', { loss: 5, delayMs: -1 })).toThrow(
    'invalid impairment:\n  sec2.consumer.up.loss must be 0..1, got 5\n  sec2.consumer.up.delayMs must be 0..60000, got -1',
  );
  for (const client of [wrong, bare, consumer]) client.close();
  await relay.close();
});

test('hostile datagrams are dropped and counted; the relay keeps relaying', async () => {
  const relay = await startRelay({ seed: 1 });
  const { consumer, business } = await connectedPair(relay, 'fuzz');
  let got = 0;
  business.onData = () => got++;
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    const junk = Buffer.alloc(1 + (i % 300));
    for (let j = 0; j < junk.length; j++) junk[j] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    if (i % 3 === 0) junk[0] = 0x00; // STUN-looking
    if (i % 3 === 1) junk[0] = 0x40; // ChannelData-looking
    consumer.sendRaw(junk);
    if (i % 200 === 199) await sleep(5);
  }
  consumer.sendChannelData(0x4000, rtpPacket(9, 1));
  await waitFor(() => got === 1);
  const stats = await relay.stats();
  expect(stats.malformed + stats.noAllocation).toBeGreaterThan(1000);
  expect((await relay.controlCounters('fuzz')).find((c) => c.role === 'consumer')!.malformed).toBe(stats.malformed);
  consumer.close();
  business.close();
  await relay.close();
});

test('allocations expire with the relay clock and their sockets are freed', async () => {
  let now = 0;
  const relay = await startRelay({ isolation: 'in-process', seed: 1, clock: () => now });
  const { username, credential } = await relay.createCredentials('exp', 'consumer');
  const client = await TurnClient.connect({ serverPort: relay.port, username, password: credential });
  await client.allocate();
  expect((await relay.stats()).allocations).toBe(1);
  now += 601_000;
  await waitFor(async () => (await relay.stats()).allocations === 0, 3000);
  expect((await relay.stats()).allocationsExpired).toBe(1);
  client.close();
  await relay.close();
});
