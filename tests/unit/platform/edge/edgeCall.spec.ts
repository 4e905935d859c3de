/**
 * The media edge end to end: two real Chromium pages (consumer and business) with relay-only
 * ICE through the project's TURN relay, the edge (in its thread, werift) in the middle. What a
 * user checks: audio both ways, the business's audio moving to Meta's new m-line, the relay's
 * ground truth of both legs, the consumer's DTMF decoded at the edge, and a closed page
 * reported gone by the edge's liveness.
 */
import { test, expect } from '@playwright/test';
import { chromium, type Browser } from 'playwright';
import type { Server } from 'node:http';
import { chromiumArgs } from '../../../../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../../harness/chromium/findChromium.ts';
import { ensureSpeechWav } from '../../../../harness/cli/speechWav.ts';
import { startMediaEdge, type StartedMediaEdge } from '../../../../harness/platform/edge/startMediaEdge.ts';
import { startRelay, type Relay } from '../../../../harness/relay/startRelay.ts';
import { EdgeCallPage, startBlankPageServer, type InboundAudio } from './support/edgeCallPage.ts';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const LIVENESS_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const packets = (inbound: InboundAudio[], mid: string) => inbound.find((s) => s.mid === mid)?.packetsReceived ?? 0;

let browser: Browser;
let pages: { url: string; server: Server };
let relay: Relay;
let edge: StartedMediaEdge;
const gone: string[] = [];

test.beforeAll(async () => {
  const found = findChromium();
  test.skip(!found, NO_BROWSER_MESSAGE);
  browser = await chromium.launch({ executablePath: found!.executablePath, args: chromiumArgs(ensureSpeechWav().path) });
  pages = await startBlankPageServer();
  relay = await startRelay({ seed: 1 });
  edge = await startMediaEdge({ livenessMs: LIVENESS_MS, onLegGone: (callId, leg, detail) => gone.push(`${callId} ${leg}: ${detail}`) });
});

test.afterAll(async () => {
  await edge?.close();
  await relay?.close();
  await browser?.close();
  pages?.server.close();
});

test('accept with renegotiation: audio both ways through the edge, the business hears mid 1, DTMF is decoded, a closed page is gone', async () => {
  expect(edge.isolation).toBe('thread');
  const callId = 'reneg';
  const consumer = await EdgeCallPage.open(browser, pages.url, relay, callId, 'consumer');
  const business = await EdgeCallPage.open(browser, pages.url, relay, callId, 'business');

  // the consumer's leg first: it rings, its audio reaches the edge and is dropped
  await consumer.applyAnswer(await edge.answerConsumer(callId, await consumer.offer()));
  await expect.poll(async () => (await edge.report(callId)).received.consumer, { timeout: 15_000 }).toBeGreaterThan(10);
  expect((await edge.report(callId)).forwarded.toBusiness).toBe(0);

  const offer = await business.offer();
  const { answer, renegotiation } = await edge.answer(offer, callId, { renegotiate: true });
  expect(answer).toMatch(/^a=ice-lite\r$/m);
  expect(answer).toMatch(/^a=setup:passive\r$/m);
  expect(answer).not.toMatch(/^a=candidate:(?!.* 127\.0\.0\.1 )/m);
  expect(renegotiation).toMatch(/^a=group:BUNDLE 0 1\r$/m);
  const newSsrc = Number(/^a=ssrc:(\d+) /m.exec(renegotiation!.split('a=mid:1')[1]!)![1]);
  await business.applyAnswer(answer);
  await business.applyMetaOffer(renegotiation!);

  await expect.poll(() => business.connectionState(), { timeout: 15_000 }).toBe('connected');
  await sleep(2_000);
  const [b1, c1] = [await business.inboundAudio(), await consumer.inboundAudio()];
  await sleep(2_000);
  const [b2, c2] = [await business.inboundAudio(), await consumer.inboundAudio()];
  // the business hears the consumer on mid 1, with the offer's SSRC; mid 0 carries nothing
  const mid1 = b2.find((s) => s.mid === '1');
  expect(mid1?.ssrc).toBe(newSsrc);
  expect(packets(b2, '1') - packets(b1, '1')).toBeGreaterThan(50);
  expect(mid1!.totalSamplesReceived).toBeGreaterThan(0);
  expect(packets(b2, '0')).toBe(packets(b1, '0'));
  // the consumer hears the business
  expect(packets(c2, '0') - packets(c1, '0')).toBeGreaterThan(50);
  expect(c2[0]!.totalSamplesReceived).toBeGreaterThan(0);

  // werift's receiver reports reach both senders: each measures its RTT (to the edge)
  for (const page of [consumer, business]) expect((await page.reportedRtt()).measurements).toBeGreaterThan(0);

  // DTMF in RTP (RFC 4733) from the consumer, decoded after SRTP at the edge
  await consumer.insertDtmf('123', 500, 100);
  await expect.poll(async () => (await edge.report(callId)).dtmf.length, { timeout: 10_000 }).toBe(3);
  await sleep(800); // the last event's end
  const report = await edge.report(callId);
  expect(report.dtmf.map((d) => d.digit).join('')).toBe('123');
  for (const d of report.dtmf) expect(d.durationMs).toBeGreaterThanOrEqual(400), expect(d.durationMs).toBeLessThanOrEqual(600);
  for (let i = 1; i < 3; i++) {
    const apart = report.dtmf[i]!.startedAtMs - report.dtmf[i - 1]!.startedAtMs;
    expect(apart).toBeGreaterThan(450);
    expect(apart).toBeLessThan(800);
  }
  expect(report.firstAudioToBusinessAtMs).not.toBeNull();
  expect(report.forwarded.toBusiness).toBeGreaterThan(100);
  expect(report.forwarded.toConsumer).toBeGreaterThan(100);
  expect(report.dropped!.consumerBeforeBusiness).toBeGreaterThan(10);
  expect(report.differences.length).toBeGreaterThan(3);

  // the relay's ground truth: both legs relayed RTP; the business got the edge's new SSRC
  const truth = await relay.groundTruth(callId);
  const rtp = (role: string, direction: string) => truth.filter((l) => l.role === role && l.direction === direction && l.kind === 'rtp');
  expect(rtp('consumer', 'up').reduce((n, l) => n + l.delivered, 0)).toBeGreaterThan(100);
  expect(rtp('consumer', 'down').reduce((n, l) => n + l.delivered, 0)).toBeGreaterThan(100);
  expect(rtp('business', 'up').reduce((n, l) => n + l.delivered, 0)).toBeGreaterThan(100);
  expect(rtp('business', 'down').find((l) => l.ssrc === newSsrc)?.delivered).toBeGreaterThan(100);

  // liveness: the consumer's page closes; the edge reports its leg gone, once
  expect(gone).toEqual([]);
  await consumer.close();
  await expect.poll(() => gone.length, { timeout: LIVENESS_MS + 5_000 }).toBe(1);
  expect(gone[0]).toMatch(/^reneg consumer: no STUN and no RTP/);
  await sleep(LIVENESS_MS / 2);
  expect(gone.length).toBe(1);
  await business.close();
  edge.release(callId);
});

test("Meta's media_update offer moves the business's inbound audio from mid 0 to a new m-line", async () => {
  const callId = 'update';
  const consumer = await EdgeCallPage.open(browser, pages.url, relay, callId, 'consumer');
  const business = await EdgeCallPage.open(browser, pages.url, relay, callId, 'business');
  const { answer, renegotiation } = await edge.answer(await business.offer(), callId);
  expect(renegotiation).toBeUndefined();
  await business.applyAnswer(answer);
  await consumer.applyAnswer(await edge.answerConsumer(callId, await consumer.offer()));
  await expect.poll(async () => packets(await business.inboundAudio(), '0'), { timeout: 15_000 }).toBeGreaterThan(50);

  const update = await edge.consumerOffer(callId, 1);
  const newSsrc = Number(/^a=ssrc:(\d+) /m.exec(update.split('a=mid:1')[1]!)![1]);
  await business.applyMetaOffer(update);
  await sleep(1_000);
  const before = await business.inboundAudio();
  await sleep(2_000);
  const after = await business.inboundAudio();
  expect(packets(after, '0')).toBe(packets(before, '0'));
  expect(packets(after, '1') - packets(before, '1')).toBeGreaterThan(50);
  expect(after.find((s) => s.mid === '1')?.ssrc).toBe(newSsrc);
  expect(packets(await consumer.inboundAudio(), '0')).toBeGreaterThan(50);
  await Promise.all([consumer.close(), business.close()]);
  edge.release(callId);
});
