/**
 * The peer-connection observer in real Chromium: a page of "team code" that knows nothing of it
 * creates two RTCPeerConnections, connects them with the fake microphone both ways and plays the
 * remote audio, talks, then closes one. Node must see both (ufrags, stats timelines, the closed
 * one's final snapshot taken before the real close) while the page's own view of
 * RTCPeerConnection stays the native one.
 */
import { test, expect } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { chromiumArgs } from '../../../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../harness/chromium/findChromium.ts';
import { ensureSpeechWav } from '../../../harness/cli/speechWav.ts';
import { observePeerConnections, type ObservedConnection } from '../../../harness/external/observePeerConnections.ts';
import { ufragOf } from '../../../harness/external/ufragOf.ts';

const INTERVAL_MS = 500;

/** The "team's" page: plain code, nothing of callsoak in it. */
const TEAM_PAGE = `<!doctype html><title>agent console</title>
<audio id="ra" autoplay></audio><audio id="rb" autoplay></audio>
<script>
window.startCall = async () => {
  const a = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const b = new RTCPeerConnection({ bundlePolicy: 'max-compat' });
  window.pcs = { a, b };
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  a.ontrack = (e) => { const el = document.getElementById('ra'); el.srcObject = e.streams[0]; el.play(); };
  b.ontrack = (e) => { const el = document.getElementById('rb'); el.srcObject = e.streams[0]; el.play(); };
  const micA = await navigator.mediaDevices.getUserMedia({ audio: true });
  const micB = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const t of micA.getTracks()) a.addTrack(t, micA);
  for (const t of micB.getTracks()) b.addTrack(t, micB);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
};
</script>`;

let browser: Browser;
let server: Server;
let pageUrl: string;

test.beforeAll(async () => {
  const found = findChromium();
  test.skip(!found, NO_BROWSER_MESSAGE);
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(TEAM_PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: found!.executablePath, args: chromiumArgs(ensureSpeechWav().path) });
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

let context: BrowserContext;
test.beforeEach(async () => {
  context = await browser.newContext({ permissions: ['microphone'] });
});
test.afterEach(async () => {
  await context.close();
});

const packetsIn = (conn: ObservedConnection): number[] => conn.samples.map((s) => s.inbound?.packetsReceived ?? 0);
const packetsOf = (stats: Record<string, unknown>[]): number =>
  Math.max(0, ...stats.filter((s) => s.type === 'inbound-rtp' && s.kind === 'audio').map((s) => Number(s.packetsReceived ?? 0)));

test('two connections in one page: both observed by ufrag, sampled every interval, the closed one with a final snapshot taken before the real close', async () => {
  const timeOriginMs = Date.now();
  const observer = await observePeerConnections(context, { intervalMs: INTERVAL_MS, timeOriginMs });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.evaluate(() => (window as any).startCall());

  // the page's own view of RTCPeerConnection is the native one's
  const native = await page.evaluate(() => {
    const { a, b } = (window as any).pcs;
    class Subclassed extends RTCPeerConnection {}
    const sub = new Subclassed();
    const viaConstructor = new a.constructor();
    const result = {
      instanceOf: a instanceof RTCPeerConnection && b instanceof RTCPeerConnection,
      name: RTCPeerConnection.name,
      prototypeConstructor: RTCPeerConnection.prototype.constructor === RTCPeerConnection,
      protoOfInstance: Object.getPrototypeOf(a) === RTCPeerConnection.prototype,
      staticMethod: typeof RTCPeerConnection.generateCertificate,
      ownKeys: Object.keys(a).length,
      subclassInstanceOf: sub instanceof Subclassed && sub instanceof RTCPeerConnection,
      viaConstructorInstanceOf: viaConstructor instanceof RTCPeerConnection,
      bundlePolicies: [a.getConfiguration().bundlePolicy, b.getConfiguration().bundlePolicy],
      callWithoutNew: (() => {
        try {
          (RTCPeerConnection as any)();
          return 'no error';
        } catch (error) {
          return (error as Error).name;
        }
      })(),
    };
    sub.close();
    viaConstructor.close();
    return result;
  });
  expect(native).toEqual({
    instanceOf: true,
    name: 'RTCPeerConnection',
    prototypeConstructor: true,
    protoOfInstance: true,
    staticMethod: 'function',
    ownKeys: 0,
    subclassInstanceOf: true,
    viaConstructorInstanceOf: true,
    bundlePolicies: ['max-bundle', 'max-compat'],
    callWithoutNew: 'TypeError',
  });

  // both connections, matched by the ufrag of their local descriptions
  const sdps = await page.evaluate(() => {
    const { a, b } = (window as any).pcs;
    return { a: a.localDescription.sdp as string, b: b.localDescription.sdp as string };
  });
  const ufragA = ufragOf(sdps.a)!;
  const ufragB = ufragOf(sdps.b)!;
  expect(ufragA).toBeTruthy();
  expect(ufragB).toBeTruthy();
  expect(ufragA).not.toBe(ufragB);
  await expect.poll(() => observer.byUfrag(ufragA) !== undefined && observer.byUfrag(ufragB) !== undefined).toBe(true);
  const a = observer.byUfrag(ufragA)!;
  const b = observer.byUfrag(ufragB)!;
  expect(a.id).not.toBe(b.id);
  expect([a.ufrag, b.ufrag]).toEqual([ufragA, ufragB]);
  // the two extra connections of the checks above are seen too, and ended by their close()
  expect(observer.connections()).toHaveLength(4);

  // talk: both receive, the counters grow sample by sample
  await expect
    .poll(() => Math.min(packetsIn(a).filter((n) => n > 0).length, packetsIn(b).filter((n) => n > 0).length), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(6);
  for (const conn of [a, b]) {
    const received = packetsIn(conn).filter((n) => n > 0);
    for (let i = 1; i < received.length; i++) expect(received[i]!).toBeGreaterThan(received[i - 1]!);
    // the period holds: no two samples closer than half an interval (ticks are never overlapped)
    const times = conn.samples.map((s) => s.t);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(INTERVAL_MS / 2000);
    expect(times[0]!).toBeGreaterThanOrEqual(0);
    expect(conn.finalStats).toBeNull();
    expect(conn.closedAtMs).toBeNull();
  }

  // close one: its final snapshot is taken before the real close, so it still has the call
  const lastSampled = packetsIn(a).at(-1)!;
  const stateRightAfterClose = await page.evaluate(() => {
    (window as any).pcs.a.close();
    return (window as any).pcs.a.connectionState as string;
  });
  await observer.waitForFinal(a, 5_000);
  expect(a.finalSource).toBe('close');
  const finalInbound = a.finalStats!.filter((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
  expect(finalInbound).toHaveLength(1);
  expect(Number(finalInbound[0]!.packetsReceived)).toBeGreaterThanOrEqual(lastSampled);
  expect(a.finalStats!.some((s) => s.type === 'outbound-rtp')).toBe(true);
  await expect.poll(() => a.closedAtMs).not.toBeNull();
  expect(a.closedAtMs!).toBeGreaterThanOrEqual(a.createdAtMs);
  // the deferred close happened for real: the page sees it closed
  await expect.poll(() => page.evaluate(() => (window as any).pcs.a.connectionState)).toBe('closed');
  expect(['connected', 'closed']).toContain(stateRightAfterClose);
  const samplesAtClose = a.samples.length;

  // the other one goes on being sampled and has no final yet
  const bBefore = b.samples.length;
  await expect.poll(() => b.samples.length).toBeGreaterThan(bBefore + 1);
  expect(b.finalStats).toBeNull();
  expect(a.samples.length).toBe(samplesAtClose);

  // the page goes with b open: its newest snapshot counts as final
  await page.close();
  await observer.waitForFinal(b, 5_000);
  expect(['pagehide', 'page-gone']).toContain(b.finalSource);
  expect(packetsOf(b.finalStats!)).toBeGreaterThan(0);
  expect(b.closedAtMs).not.toBeNull();
});

test('waitForFinal names the connection when no final snapshot comes in time', async () => {
  const observer = await observePeerConnections(context, { timeOriginMs: Date.now() });
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.evaluate(() => {
    (window as any).lonely = new RTCPeerConnection();
  });
  await expect.poll(() => observer.connections().length).toBe(1);
  const conn = observer.connections()[0]!;
  await expect(observer.waitForFinal(conn, 200)).rejects.toThrow(`peer connection ${conn.id}: no final getStats snapshot within 200 ms`);
  await page.evaluate(() => (window as any).lonely.close());
  await observer.waitForFinal(conn, 5_000);
  expect(conn.finalSource).toBe('close');
});

test('a bad interval is refused with a sentence naming it', async () => {
  await expect(observePeerConnections(context, { intervalMs: 0, timeOriginMs: Date.now() })).rejects.toThrow(
    'observePeerConnections: intervalMs must be a positive number of ms, got 0',
  );
});

test('ufragOf: the first a=ice-ufrag of an SDP, CRLF or LF, session or media level', () => {
  expect(ufragOf('v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:Ab+/\r\na=ice-pwd:x\r\n')).toBe('Ab+/');
  expect(ufragOf('v=0\na=ice-ufrag:sess\nm=audio 9 RTP/AVP 0\na=ice-ufrag:media\n')).toBe('sess');
  expect(ufragOf('v=0\r\nm=audio 9 RTP/AVP 0\r\n')).toBeUndefined();
  expect(ufragOf('a=ice-ufrag:\r\na=ice-ufrag:second\r\n')).toBe('second');
});
