/**
 * Media edge forwarding benchmark: what the emulated media edge (harness/platform/edge) costs per
 * forwarded call, and the latency it adds, against direct relay-only calls between the same kind
 * of pages, in one run, printed with ratios.
 *
 *   node bin/run-ts.js bench/edge-forwarding.ts [--calls 3] [--seconds 15] [--isolation thread|in-process]
 *
 * Both phases: real Chromium pages (one browser context and page per end, the speech WAV as the
 * microphone), relay-only ICE through callsoak's embedded relay in its thread. Phase "direct":
 * consumer page ↔ relay ↔ business page. Phase "edge": consumer page ↔ relay ↔ edge ↔ relay ↔
 * business page. CPU: the relay's and the edge's threads (Linux, /proc/self/task, by thread
 * name) over the measured window. Latency, one way, estimated: half the STUN round trip of the
 * selected pair (direct: page to page; edge: each page to the edge, summed over the two legs)
 * plus, for the edge, the median time it held a packet. With `--isolation in-process` the edge
 * runs in this loop and its CPU is this thread's minus the idle baseline (less exact).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { chromiumArgs } from '../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../harness/chromium/findChromium.ts';
import { ensureSpeechWav } from '../harness/cli/speechWav.ts';
import { startMediaEdge, type EdgeIsolation } from '../harness/platform/edge/startMediaEdge.ts';
import { EDGE_THREAD_NAME } from '../harness/platform/edge/edgeThreadProtocol.ts';
import { RELAY_THREAD_NAME } from '../harness/relay/relayThreadProtocol.ts';
import { startRelay } from '../harness/relay/startRelay.ts';
import { EdgeCallPage, startBlankPageServer } from '../tests/unit/platform/edge/support/edgeCallPage.ts';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const CALLS = Number(arg('--calls', '3'));
const SECONDS = Number(arg('--seconds', '15'));
const ISOLATION = arg('--isolation', 'thread') as EdgeIsolation;
/** after every call is connected, before the window opens, s */
const WARMUP_S = 3;
/** clock ticks per second of /proc's utime and stime (Linux's USER_HZ) */
const TICKS_PER_S = 100;

/** CPU seconds (user + system) of this process's threads named `name`, or of the main thread for 'main' */
function threadCpuS(name: string): number {
  let ticks = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      if (name === 'main' ? tid !== String(process.pid) : comm !== name) continue;
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // the thread ended while we looked
    }
  }
  return ticks / TICKS_PER_S;
}

const found = findChromium();
if (!found) throw new Error(NO_BROWSER_MESSAGE);
const browser = await chromium.launch({ executablePath: found.executablePath, args: chromiumArgs(ensureSpeechWav().path) });
const pages = await startBlankPageServer();
const relay = await startRelay({ seed: 1 });
const edge = await startMediaEdge({ isolation: ISOLATION });

type Pair = { consumer: EdgeCallPage; business: EdgeCallPage; callId: string };
async function openPair(callId: string): Promise<Pair> {
  return { callId, consumer: await EdgeCallPage.open(browser, pages.url, relay, callId, 'consumer'), business: await EdgeCallPage.open(browser, pages.url, relay, callId, 'business') };
}
async function waitConnected(pair: Pair): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await pair.consumer.connectionState()) === 'connected' && (await pair.business.connectionState()) === 'connected') return;
    await sleep(50);
  }
  throw new Error(`call ${pair.callId} did not connect within 15 s`);
}
/** mean STUN RTT of a page's selected pair over the window, ms */
function windowRttMs(before: { totalS: number; responses: number } | null, after: { totalS: number; responses: number } | null): number {
  if (!before || !after || after.responses <= before.responses) return NaN;
  return ((after.totalS - before.totalS) / (after.responses - before.responses)) * 1000;
}
const inboundPackets = async (page: EdgeCallPage) => (await page.inboundAudio()).reduce((n, s) => n + s.packetsReceived, 0);

interface PhaseResult {
  relayCpuPct: number;
  edgeCpuPct: number;
  /** one-way latency estimate, ms (mean over calls) */
  oneWayMs: number;
  /** packets the business pages received per second per call */
  businessPps: number;
  holdP50Us?: number;
  holdP99Us?: number;
}

async function phase(kind: 'direct' | 'edge'): Promise<PhaseResult> {
  const pairs: Pair[] = [];
  for (let i = 0; i < CALLS; i++) {
    const pair = await openPair(`${kind}-${i}`);
    if (kind === 'direct') {
      await pair.consumer.applyAnswer(await pair.business.answerOffer(await pair.consumer.offer()));
    } else {
      await pair.consumer.applyAnswer(await edge.answerConsumer(pair.callId, await pair.consumer.offer()));
      const { answer, renegotiation } = await edge.answer(await pair.business.offer(), pair.callId, { renegotiate: true });
      await pair.business.applyAnswer(answer);
      await pair.business.applyMetaOffer(renegotiation!);
    }
    pairs.push(pair);
  }
  for (const pair of pairs) await waitConnected(pair);
  await sleep(WARMUP_S * 1000);
  const rttBefore = await Promise.all(pairs.flatMap((p) => [p.consumer.stunRoundTrips(), p.business.stunRoundTrips()]));
  const packetsBefore = await Promise.all(pairs.map((p) => inboundPackets(p.business)));
  const cpuBefore = { relay: threadCpuS(RELAY_THREAD_NAME), edge: threadCpuS(ISOLATION === 'thread' ? EDGE_THREAD_NAME : 'main') };
  const startedAt = performance.now();
  await sleep(SECONDS * 1000);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpuAfter = { relay: threadCpuS(RELAY_THREAD_NAME), edge: threadCpuS(ISOLATION === 'thread' ? EDGE_THREAD_NAME : 'main') };
  const rttAfter = await Promise.all(pairs.flatMap((p) => [p.consumer.stunRoundTrips(), p.business.stunRoundTrips()]));
  const packetsAfter = await Promise.all(pairs.map((p) => inboundPackets(p.business)));
  const rtts = rttBefore.map((before, i) => windowRttMs(before, rttAfter[i]!));
  const perCall = (cpuS: number) => (cpuS / elapsedS / CALLS) * 100;
  const result: PhaseResult = {
    relayCpuPct: perCall(cpuAfter.relay - cpuBefore.relay),
    edgeCpuPct: kind === 'edge' ? perCall(cpuAfter.edge - cpuBefore.edge) : 0,
    // direct: each page's RTT is page→page; edge: each page's is page→edge, and a packet crosses both legs
    oneWayMs: 0,
    businessPps: packetsAfter.reduce((n, after, i) => n + after - packetsBefore[i]!, 0) / elapsedS / CALLS,
  };
  const callRtts = pairs.map((_, i): [number, number] => [rtts[2 * i]!, rtts[2 * i + 1]!]);
  if (kind === 'direct') result.oneWayMs = mean(callRtts.map(([c, b]) => (c + b) / 2 / 2));
  else {
    const reports = await Promise.all(pairs.map((p) => edge.report(p.callId)));
    result.holdP50Us = mean(reports.map((r) => r.holdTime!.p50Us));
    result.holdP99Us = mean(reports.map((r) => r.holdTime!.p99Us));
    result.oneWayMs = mean(callRtts.map(([c, b]) => c / 2 + b / 2)) + result.holdP50Us / 1000;
  }
  for (const pair of pairs) {
    await Promise.all([pair.consumer.close(), pair.business.close()]);
    if (kind === 'edge') edge.release(pair.callId);
    await relay.endCall(pair.callId);
  }
  return result;
}
const mean = (values: number[]) => values.filter(Number.isFinite).reduce((a, b) => a + b, 0) / Math.max(1, values.filter(Number.isFinite).length);

const idleMainBefore = threadCpuS('main');
await sleep(2000);
const idleMainPct = ((threadCpuS('main') - idleMainBefore) / 2) * 100;
const direct = await phase('direct');
const viaEdge = await phase('edge');
await edge.close();
await relay.close();
await browser.close();
pages.server.close();

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const edgeCpu = ISOLATION === 'thread' ? viaEdge.edgeCpuPct : viaEdge.edgeCpuPct - idleMainPct / CALLS;
console.log(`edge forwarding: ${CALLS} calls × ${SECONDS} s per phase, edge isolation ${ISOLATION}, ${found.name} ${found.version}`);
console.log('| | direct (relay only) | via the edge | ratio edge/direct |');
console.log('|---|---|---|---|');
console.log(`| relay thread CPU per call, % of a core | ${f(direct.relayCpuPct)} | ${f(viaEdge.relayCpuPct)} | ${f(viaEdge.relayCpuPct / direct.relayCpuPct)} |`);
console.log(`| edge CPU per call, % of a core | – | ${f(edgeCpu)} | – |`);
console.log(`| relay + edge CPU per call, % of a core | ${f(direct.relayCpuPct)} | ${f(viaEdge.relayCpuPct + edgeCpu)} | ${f((viaEdge.relayCpuPct + edgeCpu) / direct.relayCpuPct)} |`);
console.log(`| one-way latency estimate, ms | ${f(direct.oneWayMs)} | ${f(viaEdge.oneWayMs)} | ${f(viaEdge.oneWayMs / direct.oneWayMs)} |`);
console.log(`| business inbound packets/s per call | ${f(direct.businessPps, 1)} | ${f(viaEdge.businessPps, 1)} | ${f(viaEdge.businessPps / direct.businessPps)} |`);
console.log(`edge hold time per forwarded packet: p50 ${f(viaEdge.holdP50Us!, 0)} µs, p99 ${f(viaEdge.holdP99Us!, 0)} µs`);
