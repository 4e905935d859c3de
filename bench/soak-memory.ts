/**
 * Memory of a long soak, bounded vs naive, in one run. Pushes `--hours` (default 24) of 1 s
 * AudioSamples for `--calls` (default 20) calls × 2 peers — 3.46 M samples — through what
 * `callsoak soak` keeps per peer: a BucketSeriesGroup (3 chart series), a SampleSpill (120 in
 * memory, all on disk in a temp dir) and the streaming checks (PeerSoakChecks, fed the relay's
 * 1 s deliveries too). Then, as the reference, the naive way: one array per peer that keeps
 * every sample (what `samples` in results.json does for a short call).
 *
 * Heap is read after a full GC every simulated hour; the slope of those readings (least
 * squares, MB per simulated hour) should be ~0 for the bounded way. Prints a table with ratios.
 *
 *   node --expose-gc --max-old-space-size=8192 bin/run-ts.js bench/soak-memory.ts [--hours 24] [--calls 20] [--naive-hours H]
 *
 * Needs ~1.5 GB of temporary disk for 24 h × 40 peers (removed at the end) and, for the naive
 * reference, ~2 GB of heap (hence --max-old-space-size); `--naive-hours` shortens only that part.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';
import { mulberry32 } from '../harness/random/mulberry32.ts';
import { BucketSeriesGroup } from '../harness/soak/bucketSeriesGroup.ts';
import { SampleSpill } from '../harness/soak/sampleSpill.ts';
import { PeerSoakChecks } from '../harness/soak/soakChecks.ts';
import type { CheckResult } from '../harness/results/resultsTypes.ts';
import type { AudioSample } from '../harness/stats/audioSample.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  const value = at >= 0 ? Number(argv[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const hours = option('--hours', 24);
const calls = option('--calls', 20);
const naiveHours = option('--naive-hours', hours);
const peers = calls * 2;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.log('note: run node with --expose-gc for heap readings after a full GC (they are noisier without it)');
const MB = 2 ** 20;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / MB;
}

/** the sample peer `p` takes at second `s`: counters as a 50 packets/s Opus stream has them */
function sample(p: number, s: number, rand: () => number): AudioSample {
  const packets = 50 * s;
  return {
    t: s + 0.001 * p,
    timestampMs: 1_700_000_000_000 + s * 1000,
    inbound: {
      ssrc: 1000 + p,
      packetsReceived: packets,
      packetsLost: Math.floor(s / 100),
      jitter: 0.002 + rand() * 0.003,
      jitterBufferDelay: s * 48_000 * 0.04,
      jitterBufferEmittedCount: s * 48_000,
      concealedSamples: s * 20,
      silentConcealedSamples: s * 5,
      concealmentEvents: Math.floor(s / 10),
      totalSamplesReceived: s * 48_000,
      totalSamplesDuration: s,
      audioLevel: rand() * 0.5,
      totalAudioEnergy: s * 0.01,
      packetsDiscarded: 0,
      bytesReceived: packets * 80,
      lastPacketReceivedTimestamp: 1_700_000_000_000 + s * 1000,
    },
    outbound: { ssrc: 2000 + p, packetsSent: packets, bytesSent: packets * 80 },
    remoteInbound: { ssrc: 2000 + p, roundTripTime: 0.02, totalRoundTripTime: s * 0.004, roundTripTimeMeasurements: Math.floor(s / 5), fractionLost: 0, packetsLost: 0, jitter: 0.002 },
    iceState: 'connected',
    candidatePairRtt: 0.001,
  };
}

interface PhaseResult {
  heapBeforeMb: number;
  heapAfterMb: number;
  slopeMbPerHour: number;
  r2: number;
  rssAfterMb: number;
  seconds: number;
  diskMb: number;
  samples: number;
}

/** least-squares slope of (hour, heap MB) readings */
function slope(readings: [number, number][]): { m: number; r2: number } {
  const line = linearRegression(readings);
  return { m: line.m, r2: rSquared(readings, linearRegressionLine(line)) };
}

async function bounded(): Promise<PhaseResult & { checks: CheckResult[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-soak-bench-'));
  const rand = mulberry32(1);
  const heapBeforeMb = heapMb();
  const started = performance.now();
  const state = Array.from({ length: peers }, (_, p) => ({
    series: new BucketSeriesGroup(),
    spill: new SampleSpill<AudioSample>(join(dir, `peer-${p}.ndjson`)),
    checks: new PeerSoakChecks({ peer: `peer-${p}` }),
    lastReceived: 0,
  }));
  const readings: [number, number][] = [[0, heapMb()]];
  const seconds = hours * 3600;
  for (let s = 0; s < seconds; s++) {
    for (let p = 0; p < peers; p++) {
      const x = sample(p, s, rand);
      const peer = state[p]!;
      const received = x.inbound!.packetsReceived!;
      peer.series.push(x.t * 1000, { packets_received_per_s: received - peer.lastReceived, jitter_ms: x.inbound!.jitter! * 1000, audio_level: x.inbound!.audioLevel });
      peer.lastReceived = received;
      peer.checks.observeSample(x);
      peer.checks.observeDelivered({ tMs: s * 1000, delivered: 50 });
      await peer.spill.push(x);
    }
    if ((s + 1) % 3600 === 0) readings.push([(s + 1) / 3600, heapMb()]);
  }
  await Promise.all(state.map((peer) => peer.spill.close()));
  // the structures are still referenced here: the heap reading counts what they hold
  const heapAfterMb = heapMb();
  const rssAfterMb = process.memoryUsage().rss / MB;
  const checks = state.flatMap((peer) => peer.checks.results());
  const diskMb = state.reduce((n, peer) => n + statSync(peer.spill.file).size, 0) / MB;
  const fit = slope(readings);
  const elapsed = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return { heapBeforeMb, heapAfterMb, slopeMbPerHour: fit.m, r2: fit.r2, rssAfterMb, seconds: elapsed, diskMb, samples: seconds * peers, checks };
}

function naive(): PhaseResult {
  const rand = mulberry32(1);
  const heapBeforeMb = heapMb();
  const started = performance.now();
  const kept: AudioSample[][] = Array.from({ length: peers }, () => []);
  const readings: [number, number][] = [[0, heapMb()]];
  const seconds = naiveHours * 3600;
  for (let s = 0; s < seconds; s++) {
    for (let p = 0; p < peers; p++) kept[p]!.push(sample(p, s, rand));
    if ((s + 1) % 3600 === 0) readings.push([(s + 1) / 3600, heapMb()]);
  }
  const heapAfterMb = heapMb();
  const rssAfterMb = process.memoryUsage().rss / MB;
  const fit = slope(readings);
  const result = { heapBeforeMb, heapAfterMb, slopeMbPerHour: fit.m, r2: fit.r2, rssAfterMb, seconds: (performance.now() - started) / 1000, diskMb: 0, samples: kept.reduce((n, k) => n + k.length, 0) };
  kept.length = 0;
  return result;
}

console.log(`soak memory: ${hours} h of 1 s samples × ${calls} calls × 2 peers = ${(hours * 3600 * peers).toLocaleString('en')} samples (naive reference: ${naiveHours} h)`);
const rssStartMb = process.memoryUsage().rss / MB;
const b = await bounded();
const failed = b.checks.filter((c) => !c.ok);
console.log(`bounded: ${b.checks.length} checks, ${failed.length} failed${failed.length ? `: ${failed.slice(0, 3).map((c) => c.message).join(' | ')}` : ''}`);
const n = naive();

const rows: [string, number, number, number][] = [
  ['samples', b.samples, n.samples, 0],
  ['heap before, MB (after GC)', b.heapBeforeMb, n.heapBeforeMb, 1],
  ['heap after, MB (after GC)', b.heapAfterMb, n.heapAfterMb, 1],
  ['heap growth, MB', b.heapAfterMb - b.heapBeforeMb, n.heapAfterMb - n.heapBeforeMb, 1],
  ['heapUsed slope, MB per simulated h', b.slopeMbPerHour, n.slopeMbPerHour, 3],
  ['r² of that slope', b.r2, n.r2, 2],
  ['RSS after, MB', b.rssAfterMb, n.rssAfterMb, 0],
  ['on disk (spill files), MB', b.diskMb, n.diskMb, 0],
  ['wall time, s', b.seconds, n.seconds, 1],
];
const cell = (v: number, digits: number) => v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
console.log(`RSS at start: ${rssStartMb.toFixed(0)} MB; peak RSS of the process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log('| measure | bounded (BucketSeries + SampleSpill + checks) | naive (array of every sample) | naive / bounded |');
console.log('|---|---:|---:|---:|');
for (const [label, bv, nv, digits] of rows) {
  const ratio = Math.abs(bv) > 1e-9 && Math.abs(nv) > 1e-9 && label !== 'samples' && label !== 'r² of that slope' ? `${(nv / bv).toFixed(1)}×` : '';
  console.log(`| ${label} | ${cell(bv, digits)} | ${cell(nv, digits)} | ${ratio} |`);
}
