/**
 * Plain Chromium calls without the harness (node side): one Chromium with callsoak's executable
 * and flags (chromiumArgs, the speech WAV as the fake microphone) and N RTCPeerConnection pairs
 * (pairsPage.ts), paired by this process handing descriptions over — no agent, no sampler, no
 * bindings, no endpoint. Quality is read at warm-up end and at the end of the talk; CPU over
 * the same interval.
 *
 * The reference is REFERENCE_LAYOUT: every end in ONE page, connected directly. The other
 * layouts put back one piece of the harness at a time (the relay; a browser context and page
 * per participant) so the bench can say which piece costs what.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs } from '../../harness/chromium/chromiumArgs.ts';
import { startRelay, type Relay } from '../../harness/relay/startRelay.ts';
import { bundleForPage } from '../../harness/engine/pageServer.ts';
import { cpuBetween, readCpu } from './cpuReading.ts';
import { judgeSet, qualityBetween, type ReceiverCounters } from './receiverQuality.ts';
import type { SideMeasurement } from './sideMeasurement.ts';

/** the page's origin: a secure context (getUserMedia), answered by Playwright's router, no server */
const PAGE_URL = 'http://127.0.0.1:9/capacity/';
/** how long every receiver may take to get its first packet once all pairs are connected, ms */
const AUDIO_TIMEOUT_MS = 60_000;

export interface PlainLayout {
  /** 'one-page': every end in one page; 'page-per-end': each end in its own browser context and page, as the harness opens participants */
  pages: 'one-page' | 'page-per-end';
  /** 'direct': host candidates on loopback; 'relay': relay-only ICE through callsoak's embedded relay (no impairment) */
  transport: 'direct' | 'relay';
}

export const REFERENCE_LAYOUT: PlainLayout = { pages: 'one-page', transport: 'direct' };

export interface MeasureOptions {
  executablePath: string;
  /** the speech WAV (ensureSpeechWav) */
  mediaPath: string;
  /** concurrent calls */
  calls: number;
  /** talk time of every call, s */
  seconds: number;
  /** the first part of the talk left out of the measurement, s */
  warmupS: number;
  cores: number;
}

let bundle: Promise<string> | undefined;

async function openPage(browser: Browser, script: string): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  await page.route(`${PAGE_URL}**`, (route) =>
    route.fulfill(
      route.request().url().endsWith('/pairs.js')
        ? { contentType: 'text/javascript; charset=utf-8', body: script }
        : { contentType: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><body><script type="module" src="pairs.js"></script></body>' },
    ),
  );
  await page.goto(PAGE_URL);
  await page.waitForFunction(() => typeof window.capacity === 'object');
  return page;
}

/** every end's counters, in the order the pages were opened and the ends in them */
async function readAll(pages: Page[]): Promise<(ReceiverCounters | null)[]> {
  return (await Promise.all(pages.map((page) => page.evaluate(() => window.capacity.read())))).flat();
}

/**
 * @param label the side's name in the table ('reference' for REFERENCE_LAYOUT)
 */
export async function measurePlain(options: MeasureOptions, layout: PlainLayout = REFERENCE_LAYOUT, label = 'reference'): Promise<SideMeasurement> {
  const script = await (bundle ??= bundleForPage(fileURLToPath(new URL('./pairsPage.ts', import.meta.url))));
  const startedMs = Date.now();
  const browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs(options.mediaPath), headless: true });
  const relay: Relay | undefined = layout.transport === 'relay' ? await startRelay({ seed: 1 }) : undefined;
  const measurement: SideMeasurement = { side: label, calls: options.calls, receivers: [], quality: judgeSet([], 0), setupS: 0, measuredS: 0, notes: [] };
  try {
    const pages: Page[] = [];
    const onePage = layout.pages === 'one-page' ? await openPage(browser, script) : undefined;
    if (onePage) pages.push(onePage);
    for (let call = 0; call < options.calls; call++) {
      const ends: { page: Page; index: number }[] = [];
      for (const role of ['consumer', 'business'] as const) {
        const page = onePage ?? (await openPage(browser, script));
        if (!onePage) pages.push(page);
        const config: RTCConfiguration = relay
          ? { iceServers: [{ urls: relay.url, ...(await relay.createCredentials(`capacity-${call}`, role)) }], iceTransportPolicy: 'relay' }
          : {};
        ends.push({ page, index: await page.evaluate((c) => window.capacity.open(c), config) });
      }
      const [a, b] = ends as [(typeof ends)[0], (typeof ends)[0]];
      const offer = await a.page.evaluate((i) => window.capacity.offer(i), a.index);
      const answer = await b.page.evaluate(({ i, o }) => window.capacity.answer(i, o), { i: b.index, o: offer });
      await a.page.evaluate(({ i, o }) => window.capacity.accept(i, o), { i: a.index, o: answer });
    }
    await Promise.all(pages.map((page) => page.evaluate((t) => window.capacity.audio(t), AUDIO_TIMEOUT_MS)));
    measurement.setupS = (Date.now() - startedMs) / 1000;
    await sleep(options.warmupS * 1000);
    const [cpuStart, start, relayedStart] = await Promise.all([readCpu(), readAll(pages), relay ? relay.stats().then((s) => s.relayed) : 0]);
    await sleep((options.seconds - options.warmupS) * 1000);
    const [cpuEnd, end, relayedEnd] = await Promise.all([readCpu(), readAll(pages), relay ? relay.stats().then((s) => s.relayed) : 0]);
    measurement.cpu = cpuBetween(cpuStart, cpuEnd, options.cores);
    measurement.measuredS = (cpuEnd.atMs - cpuStart.atMs) / 1000;
    measurement.receivers = start.map((s, i) => qualityBetween(s ?? undefined, end[i] ?? undefined));
    if (relay) measurement.notes.push(`relay ${Math.round((relayedEnd - relayedStart) / Math.max(0.001, measurement.measuredS))} datagrams/s`);
  } catch (error) {
    measurement.error = (error as Error).message.split('\n')[0];
  } finally {
    await browser.close().catch(() => undefined);
    await relay?.close();
  }
  measurement.quality = judgeSet(measurement.receivers, 2 * options.calls);
  return measurement;
}
