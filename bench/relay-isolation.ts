/**
 * Relay isolation benchmark: the delay and jitter the relay adds to 20 calls' media while the
 * event loop that starts it is as busy as a Playwright worker's, with the relay in that loop
 * (`isolation: 'in-process'`, how a worker ran it before) and in its own thread (`startRelay()`
 * now), side by side in one run, printed with ratios. Two references: the relay in a process of
 * its own (bench/relay-serve.ts; the alternative to a thread) and plain loopback UDP without a
 * relay (the floor every figure includes).
 *
 *   node bin/run-ts.js bench/relay-isolation.ts [--seconds 10] [--rounds 5] [--calls 20] [--work-ms 4]
 *
 * The media comes from a thread of its own (isolation/callTraffic.ts), as browsers are processes
 * of their own: each call two TURN clients sending each other 50 packets/s of 172 bytes, each
 * packet timed from send to arrival in that thread. The bench's main thread plays the worker
 * (isolation/workerLoad.ts): every second, each call's getStats handling as one synchronous task
 * of `--work-ms`, garbage that reaches the old generation included. The load runs through every
 * phase; the modes take turns in each round (the order rotating), so a noisy neighbour on this
 * shared machine hits them alike, and each figure is the median over rounds. All relays share one set of credentials and hand datagrams
 * between their own allocations in process, as in a call.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { startRelay } from '../harness/relay/startRelay.ts';
import type { Relay } from '../harness/relay/startRelay.ts';
import { summarizeDelays } from './isolation/delayStats.ts';
import type { DelaySummary } from './isolation/delayStats.ts';
import type { FromTraffic, ToTraffic, TrafficOptions } from './isolation/callTraffic.ts';
import { startWorkerLoad } from './isolation/workerLoad.ts';
import { PACKET_BYTES, PASSWORD, REALM, USER } from './relay-load.ts';
import { startOurs, stop } from './relay-servers.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const PHASE_S = arg('--seconds', 10);
const ROUNDS = arg('--rounds', 5);
const CALLS = arg('--calls', 20);
const WORK_MS = arg('--work-ms', 4);
/** packets per second in each direction of a call: one 20 ms audio frame per packet */
const PPS = 50;
/** samples a call keeps in the simulated worker (a minute of getStats) */
const WINDOW_SAMPLES = 60;
const WARMUP_S = 2;

const MODES = ['in-process', 'thread', 'process', 'direct'] as const;
type Mode = (typeof MODES)[number];
const LABEL: Record<Mode, string> = { 'in-process': 'in the worker (before)', thread: 'own thread (now)', process: 'own process', direct: 'no relay (UDP)' };

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sharedUser = { username: USER, password: PASSWORD, callId: 'bench', up: {}, down: {} };

// ── the calls' media, in a thread of their own ─────────────────────────────────────────────
const trafficOptions: TrafficOptions = { calls: CALLS, pps: PPS, packetBytes: PACKET_BYTES, username: USER, password: PASSWORD };
const TSX_API = import.meta.resolve('tsx/esm/api');
const TRAFFIC = new URL('./isolation/callTraffic.ts', import.meta.url).href;
const traffic = new Worker(`import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(TRAFFIC)}); });`, { eval: true, workerData: trafficOptions });
const answers = new Map<string, (message: FromTraffic) => void>();
traffic.on('message', (message: FromTraffic) => {
  if (message.kind === 'error') throw new Error(`traffic thread: ${message.message}`);
  answers.get(`${message.kind}:${message.key}`)?.(message);
});
const ask = (message: ToTraffic, answer: 'ready' | 'driven') =>
  new Promise<FromTraffic>((resolve) => {
    answers.set(`${answer}:${message.key}`, resolve);
    traffic.postMessage(message);
  });

// ── the relays: all running at once, idle while another is measured ────────────────────────
const footprint = JSON.parse(
  execFileSync(process.execPath, ['--expose-gc', 'bin/run-ts.js', 'bench/isolation/threadFootprint.ts'], { encoding: 'utf8' }),
) as { rssBeforeMb: number; rssAfterMb: number; startMs: number };
const inProcess = await startRelay({ isolation: 'in-process', seed: 1, realm: REALM, sharedUser });
const thread: Relay = await startRelay({ seed: 1, realm: REALM, sharedUser });
const startedAt = performance.now();
const child = await startOurs([]);
const processStartMs = performance.now() - startedAt;
const ports: Record<Mode, number | null> = { 'in-process': inProcess.port, thread: thread.port, process: child.port, direct: null };
for (const mode of MODES) await ask({ kind: 'setup', key: mode, port: ports[mode] }, 'ready');
const childRssMb = rssMb(child.child.pid!);

// ── the worker's load, then the rounds ─────────────────────────────────────────────────────
const load = startWorkerLoad({ calls: CALLS, msPerCall: WORK_MS, windowSamples: WINDOW_SAMPLES });
const drive = async (mode: Mode, seconds: number) => (await ask({ kind: 'drive', key: mode, seconds }, 'driven')) as Extract<FromTraffic, { kind: 'driven' }>;
for (const mode of MODES) await drive(mode, WARMUP_S);
const delays: Record<Mode, Float64Array[]> = { 'in-process': [], thread: [], process: [], direct: [] };
const sent: Record<Mode, number> = { 'in-process': 0, thread: 0, process: 0, direct: 0 };
const perRound: Record<Mode, DelaySummary[]> = { 'in-process': [], thread: [], process: [], direct: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = MODES.map((_, i) => MODES[(i + round) % MODES.length]!);
  for (const mode of order) {
    const result = await drive(mode, PHASE_S);
    delays[mode].push(...result.delays);
    sent[mode] += result.sent;
    perRound[mode].push(summarizeDelays(result.delays));
  }
}
const loadReport = load.stop();
const handoffs = { 'in-process': (await inProcess.stats()).localHandoffs, thread: (await thread.stats()).localHandoffs };
await traffic.terminate();
await inProcess.close();
await thread.close();
await stop(child.child);

// ── the report: medians over rounds (a noisy neighbour spoils a round, not the figure), pooled figures below ──
const pooled = Object.fromEntries(MODES.map((mode) => [mode, summarizeDelays(delays[mode])])) as Record<Mode, DelaySummary>;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const med = (mode: Mode, pick: (s: DelaySummary) => number) => median(perRound[mode].map(pick));
const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const row = (label: string, cells: string[]) => `${label.padEnd(44)}${cells.map((c) => c.padStart(24)).join('')}`;
const loss = (mode: Mode) => (100 * (sent[mode] - pooled[mode].count)) / Math.max(1, sent[mode]);
const added = (mode: Mode, pick: (s: DelaySummary) => number) => med(mode, pick) - med('direct', pick);
const p50 = (s: DelaySummary) => s.p50Ms;
const p99 = (s: DelaySummary) => s.p99Ms;
const max = (s: DelaySummary) => s.maxMs;
const jitter = (s: DelaySummary) => s.jitterMs;
const stddev = (s: DelaySummary) => s.stddevMs;
const relays = MODES.slice(0, 3);

console.log(
  `relay isolation benchmark: ${CALLS} calls × 2 directions × ${PPS} packets/s, ${PACKET_BYTES}-byte packets; worker load: ${CALLS} getStats handlings of ${WORK_MS} ms a second; ` +
    `${ROUNDS} rounds × ${PHASE_S} s per mode; load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}; ${new Date().toISOString()}`,
);
console.log(row('one-way delay (median of rounds)', MODES.map((m) => LABEL[m])));
console.log(row('  p50 / p99, ms', MODES.map((m) => `${f(med(m, p50), 3)} / ${f(med(m, p99))}`)));
console.log(row('  max, ms', MODES.map((m) => f(med(m, max)))));
console.log(row('  jitter (RFC 3550, mean) / stddev, ms', MODES.map((m) => `${f(med(m, jitter), 3)} / ${f(med(m, stddev), 3)}`)));
console.log(row('  relay-added p99 / jitter (− no relay), ms', relays.map((m) => `${f(added(m, p99))} / ${f(added(m, jitter), 3)}`)));
console.log(row('  pooled over rounds: p99 / max, ms', MODES.map((m) => `${f(pooled[m].p99Ms)} / ${f(pooled[m].maxMs)}`)));
console.log(row('  packets measured / lost, %', MODES.map((m) => `${pooled[m].count} / ${f(loss(m), 3)}`)));
console.log('  p99 per round, ms');
for (const m of MODES) console.log(`    ${LABEL[m].padEnd(40)}${perRound[m].map((s) => f(s.p99Ms)).join(', ')}`);
const ratio = (pick: (s: DelaySummary) => number) => f(med('in-process', pick) / med('thread', pick), 1);
const addedRatio = (pick: (s: DelaySummary) => number) => f(added('in-process', pick) / added('thread', pick), 1);
console.log(
  `before ÷ after (in the worker ÷ own thread, medians): p99 ${ratio(p99)}×, max ${ratio(max)}×, jitter ${ratio(jitter)}×, stddev ${ratio(stddev)}×; ` +
    `relay-added p99 ${addedRatio(p99)}×, relay-added jitter ${addedRatio(jitter)}×; pooled p99 ${f(pooled['in-process'].p99Ms / pooled.thread.p99Ms, 1)}×`,
);
console.log(
  `own thread ÷ own process (medians): p99 ${f(med('thread', p99) / med('process', p99))}×, jitter ${f(med('thread', jitter) / med('process', jitter))}×; ` +
    `start ${f(footprint.startMs, 0)} vs ${f(processStartMs, 0)} ms; memory: +${f(footprint.rssAfterMb - footprint.rssBeforeMb, 1)} MB RSS in its process (a fresh one, after GC) vs ${f(childRssMb, 1)} MB RSS of its own`,
);
console.log(
  `the worker's loop over the run: ${loadReport.gcCount} GC pauses, ${f(loadReport.gcTotalMs, 0)} ms in total, longest ${f(loadReport.gcMaxMs)} ms; ` +
    `event-loop delay p99 ${f(loadReport.loopDelayP99Ms)} ms, max ${f(loadReport.loopDelayMaxMs)} ms; handling ${f(loadReport.busyMsPerS, 0)} ms/s; ` +
    `datagrams handed between allocations in process: in the worker ${handoffs['in-process']}, own thread ${handoffs.thread}`,
);
