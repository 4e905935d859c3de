/**
 * The work of a busy Playwright worker, simulated in the bench's own event loop: every second,
 * for each of N calls, the handling of a getStats report as it reaches the worker (a JSON
 * message parsed, turned into a sample, kept in a window), one call per task as Playwright
 * delivers one message per task. Each task is synchronous for `msPerCall`; the samples kept
 * (`windowSamples` per call) outlive young-generation collections, so the old generation grows
 * and is collected too, as a worker's does.
 */
import { watchStalls } from '../stallWatch.ts';

export interface WorkerLoadOptions {
  calls: number;
  /** CPU each call's handling takes every second, ms */
  msPerCall: number;
  /** samples each call keeps */
  windowSamples: number;
}

export interface WorkerLoadReport {
  /** garbage collections in this event loop's isolate: count, total and longest pause, ms */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** event-loop delay of this loop (what a relay in it waits), ms */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** CPU the handling took per second, ms (all calls) */
  busyMsPerS: number;
}

/** a Chromium-like getStats report of an audio call, as JSON: ~15 stats objects of 20–40 fields */
function statsReportJson(call: number, second: number): string {
  const stats: Record<string, unknown>[] = [];
  for (let i = 0; i < 15; i++) {
    const entry: Record<string, unknown> = { id: `RTC${['InboundRTPAudioStream', 'OutboundRTPAudioStream', 'CandidatePair', 'Transport', 'Codec'][i % 5]}_${call}_${i}`, type: 'stat', timestamp: second * 1000 + i };
    for (let f = 0; f < 20 + (i % 3) * 10; f++) entry[`field${f}`] = f % 4 === 0 ? `value-${call}-${second}-${f}` : second * 50 + f + Math.random();
    stats.push(entry);
  }
  return JSON.stringify({ callId: `call-${call}`, second, stats });
}

/** starts the load; `stop()` ends it and reports what this loop went through meanwhile */
export function startWorkerLoad(options: WorkerLoadOptions): { stop(): WorkerLoadReport } {
  const windows: unknown[][] = Array.from({ length: options.calls }, () => []);
  let busyMs = 0;
  let second = 0;
  const startedMs = performance.now();
  const handle = (call: number) => {
    const until = performance.now() + options.msPerCall;
    const begin = performance.now();
    let sample: Record<string, unknown> = {};
    // parse and turn into a sample until the call's share of CPU is spent
    do {
      const report = JSON.parse(statsReportJson(call, second)) as { stats: Record<string, unknown>[] };
      sample = Object.fromEntries(report.stats.flatMap((s) => Object.entries(s).filter(([k]) => k.endsWith('0') || k === 'id').map(([k, v]) => [`${s.id as string}.${k}`, v])));
    } while (performance.now() < until);
    const window = windows[call]!;
    window.push(sample);
    if (window.length > options.windowSamples) window.shift();
    busyMs += performance.now() - begin;
  };
  const tick = () => {
    second++;
    // one task per call, back to back, as Playwright hands the worker one message per task
    let call = 0;
    const next = () => {
      if (call >= options.calls) return;
      handle(call++);
      setImmediate(next);
    };
    next();
  };
  const timer = setInterval(tick, 1000);
  const stalls = watchStalls();
  return {
    stop() {
      clearInterval(timer);
      return { ...stalls.stop(), busyMsPerS: busyMs / ((performance.now() - startedMs) / 1000) };
    },
  };
}
