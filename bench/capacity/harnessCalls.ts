/**
 * The capacity bench's harness side (node): N concurrent call slots of `callsoak soak` in this
 * one process — runSoakSlot itself, so each call runs exactly as a soak's does (samples handed
 * over in the soak's batches, kept in its window and spilled to disk, the soak checks, the
 * relay ground truth read every minute, the call written to soak/calls/) — with real
 * ChromiumPeer agents in one Chromium (in pages they share, as `callsoak soak` does by default,
 * or a page and context each as with `--pages own`), the embedded relay (relay-only ICE, no
 * impairment), the in-page stats sampler and the emulated platform with its media edge.
 *
 * Every call's talk step waits at a start line until all N calls reach it (or gave up), so the
 * N calls talk at the same time and page opening stays out of the measured interval; the soak
 * is stopped `seconds` after the line opens, which ends every talk the way a soak's end does.
 * Quality comes from the calls' own AudioSample series (both peers, read back from the soak's
 * sample files) over the same interval as the reference: from `warmupS` into the talk to its end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright';
import { chromiumArgs } from '../../harness/chromium/chromiumArgs.ts';
import { SharedAgentPages } from '../../harness/engine/sharedAgentPages.ts';
import { runSoakSlot } from '../../harness/soak/soakSlot.ts';
import { slotStopController } from '../../harness/soak/slotStopController.ts';
import { startCallPlatform } from '../../harness/engine/startCallPlatform.ts';
import { startRelay } from '../../harness/relay/startRelay.ts';
import type { CallResult } from '../../harness/results/resultsTypes.ts';
import { SOAK_SAMPLE_WINDOW, type SoakPlan } from '../../harness/plan/soakPlan.ts';
import type { LoadedScenario } from '../../harness/scenario/loadScenarios.ts';
import { readSpill } from '../../harness/soak/sampleSpill.ts';
import { readSoakCallRecord, soakCallName, soakSamplesPath } from '../../harness/soak/soakCallFiles.ts';
import type { AudioSample } from '../../harness/stats/audioSample.ts';
import { cpuBetween, readCpu } from './cpuReading.ts';
import { judgeSet, qualityBetween, type ReceiverCounters, type ReceiverQuality } from './receiverQuality.ts';
import type { MeasureOptions } from './referenceCalls.ts';
import type { SideMeasurement } from './sideMeasurement.ts';

/** how long the last call may take to reach its talk step, ms; later ones talk outside the measured interval */
const START_LINE_TIMEOUT_MS = 90_000;
/** ms before the talk ends at which the CPU window closes, so no hangup falls inside it */
const END_MARGIN_MS = 250;
const PAGE_ID = '1000000000001';
const ACCESS_TOKEN = 'EAAcallsoakcapacitybench';
/** the soak's time after the talk for hang-up and submission, s (its deadline is never reached: the bench stops it) */
const SOAK_SLACK_S = 120;

export interface HarnessOptions extends MeasureOptions {
  /** the callsoak page server's URL (startPageServer) */
  pageUrl: string;
  /** the agent's getStats period, ms (callsoak's default: 1000) */
  sampleIntervalMs: number;
  /** 'shared': the participants share pages (soak's default); 'own': a context and page each */
  pages: 'shared' | 'own';
}

/** hangup-call, built in code: talk S s, the consumer hangs up; the business reports Hangup_Call */
function capacityScenario(seconds: number): LoadedScenario {
  return {
    id: 'capacity-call',
    title: 'capacity bench: talk, then the consumer hangs up',
    tags: [],
    expectedEndCallReason: 'Hangup_Call',
    talkSeconds: seconds,
    timeline: [{ do: 'call' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
    file: 'bench/soak-capacity.ts',
  };
}

/** Opens when every call arrived or left; `arrive`/`leave` each count once per call. */
class StartLine {
  private count = 0;
  private open!: () => void;
  readonly opened: Promise<void>;
  constructor(private readonly expected: number, timeoutMs: number) {
    this.opened = new Promise((resolve) => (this.open = resolve));
    const timer = setTimeout(() => this.open(), timeoutMs);
    void this.opened.then(() => clearTimeout(timer));
  }
  pass(): void {
    if (++this.count >= this.expected) this.open();
  }
}

interface CallTrace {
  talkStartMs?: number;
  talkEndMs?: number;
  reachedTalk: boolean;
}

function countersOf(sample: AudioSample | undefined): ReceiverCounters | undefined {
  const i = sample?.inbound;
  if (i?.packetsReceived === undefined || i.packetsLost === undefined || i.concealedSamples === undefined || i.totalSamplesReceived === undefined) return undefined;
  return { packetsReceived: i.packetsReceived, packetsLost: i.packetsLost, concealedSamples: i.concealedSamples, totalSamplesReceived: i.totalSamplesReceived };
}

/** the receiver's quality from the first sample at least `warmupS` into the talk to the last one inside it */
function receiverOf(samples: AudioSample[], result: CallResult, trace: CallTrace, warmupS: number): ReceiverQuality {
  const origin = result.startedAtMs ?? 0;
  if (trace.talkStartMs === undefined || trace.talkEndMs === undefined) return qualityBetween(undefined, undefined);
  const fromS = (trace.talkStartMs - origin) / 1000 + warmupS;
  const toS = (trace.talkEndMs - origin) / 1000;
  const inside = samples.filter((s) => s.t >= fromS && s.t <= toS);
  return qualityBetween(countersOf(inside[0]), countersOf(inside.at(-1)));
}

async function readSamples(file: string): Promise<AudioSample[]> {
  const samples: AudioSample[] = [];
  try {
    for await (const sample of readSpill<AudioSample>(file)) samples.push(sample);
  } catch {
    // no file: the peer never sampled (its call failed before), which counts as no audio
  }
  return samples;
}

export async function measureHarness(options: HarnessOptions): Promise<SideMeasurement> {
  const startedMs = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-capacity-'));
  const browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs(options.mediaPath), headless: true });
  const relay = await startRelay({ seed: 1 });
  const sharedPages = options.pages === 'shared' ? new SharedAgentPages(browser, { pageUrl: options.pageUrl }) : undefined;
  const world = await startCallPlatform(
    { pageId: PAGE_ID, appId: '1', accessToken: ACCESS_TOKEN, appSecret: 'capacity-bench-secret', verifyToken: 'capacity-bench' },
    { seed: 1, callMetrics: { recordPath: join(dir, 'requests.jsonl') } },
  );
  const measurement: SideMeasurement = { side: 'harness', calls: options.calls, receivers: [], quality: judgeSet([], 0), setupS: 0, measuredS: 0, notes: [] };
  const scenario = capacityScenario(options.seconds);
  const plan: SoakPlan = {
    durationS: START_LINE_TIMEOUT_MS / 1000 + options.seconds + SOAK_SLACK_S,
    calls: options.calls,
    workers: 1,
    cycle: [scenario.id],
    pages: options.pages,
    sampleWindow: SOAK_SAMPLE_WINDOW,
    maxMemorySlopeMbPerH: 1,
    startedAtMs: startedMs,
  };
  const line = new StartLine(options.calls, START_LINE_TIMEOUT_MS);
  const stop = slotStopController(options.calls);
  const traces: CallTrace[] = [];
  try {
    const running = Array.from({ length: options.calls }, (_, slot) => {
      const trace: CallTrace = { reachedTalk: false };
      traces.push(trace);
      return runSoakSlot({
        slot,
        plan,
        runDir: dir,
        cycle: [scenario],
        stop: stop.signal,
        env: {
          browser,
          pageUrl: options.pageUrl,
          ...(sharedPages ? { sharedPages } : {}),
          mediaPath: options.mediaPath,
          teamModules: {},
          submission: { url: world.platform.callMetrics.url, accessToken: ACCESS_TOKEN, endpoint: world.platform.callMetrics },
          platform: world,
          relay,
          transform: 'spec',
          transformLabel: 'spec',
          submitter: 'default',
          sampleIntervalMs: options.sampleIntervalMs,
          seed: 1,
          step: async (title, body) => {
            if (!title.startsWith('talk ')) return body();
            trace.reachedTalk = true;
            line.pass();
            await line.opened;
            trace.talkStartMs = Date.now();
            try {
              return await body();
            } finally {
              trace.talkEndMs = Date.now();
            }
          },
        },
      }).finally(() => {
        // a call that ended before its talk must not hold the others at the start line
        if (!trace.reachedTalk) line.pass();
      });
    });
    const settled = Promise.allSettled(running);
    await Promise.race([line.opened, settled]);
    const openedMs = Date.now();
    // the soak ends `seconds` after the line opened: every talk ends as a soak's end ends it
    const stopAt = setTimeout(() => stop.abort(), options.seconds * 1000);
    void settled.then(() => clearTimeout(stopAt));
    if (!traces.some((t) => t.reachedTalk)) throw new Error('no call reached its talk step');
    measurement.setupS = (openedMs - startedMs) / 1000;
    await sleep(options.warmupS * 1000);
    const [cpuStart, relayedStart] = [await readCpu(), (await relay.stats()).relayed];
    await sleep(Math.max(0, openedMs + options.seconds * 1000 - END_MARGIN_MS - Date.now()));
    const [cpuEnd, relayedEnd] = [await readCpu(), (await relay.stats()).relayed];
    measurement.cpu = cpuBetween(cpuStart, cpuEnd, options.cores);
    measurement.measuredS = (cpuEnd.atMs - cpuStart.atMs) / 1000;
    const outcomes = await settled;
    const failedChecks = new Map<string, number>();
    let samplesPerPeer = 0;
    for (const [slot, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') {
        measurement.error ??= (outcome.reason as Error).message.split('\n')[0];
        continue;
      }
      const name = soakCallName(slot, 0);
      const result = readSoakCallRecord(dir, name);
      if (!result) {
        measurement.error ??= `slot ${slot + 1} wrote no call record`;
        continue;
      }
      for (const role of ['consumer', 'business'] as const) {
        const samples = await readSamples(soakSamplesPath(dir, name, role));
        samplesPerPeer += samples.length;
        measurement.receivers.push(receiverOf(samples, result, traces[slot]!, options.warmupS));
      }
      for (const check of result.checks) if (!check.ok && check.severity === 'error') failedChecks.set(check.id, (failedChecks.get(check.id) ?? 0) + 1);
    }
    measurement.notes.push(`relay ${Math.round((relayedEnd - relayedStart) / Math.max(0.001, measurement.measuredS))} datagrams/s`);
    measurement.notes.push(`${(samplesPerPeer / (2 * options.calls)).toFixed(1)} samples per peer`);
    const late = traces.filter((t) => t.talkStartMs !== undefined && t.talkStartMs - openedMs > 1000).length;
    if (late > 0) measurement.notes.push(`${late} calls reached the start line after it opened (measured over their own talk)`);
    if (failedChecks.size > 0) measurement.notes.push(`failed checks: ${[...failedChecks].map(([id, n]) => `${id}×${n}`).join(', ')}`);
  } catch (error) {
    measurement.error ??= (error as Error).message.split('\n')[0];
  } finally {
    stop.abort();
    await sharedPages?.close();
    await browser.close().catch(() => undefined);
    await relay.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
  measurement.quality = judgeSet(measurement.receivers, 2 * options.calls);
  return measurement;
}
