/**
 * Relay benchmark: packets per second through one relay process with no impairment, and the
 * one-way latency through it at 10,000 packets/s, for our relay and coturn's `turnserver`
 * side by side under the same load, printed with ratios.
 *
 *   node bin/run-ts.js bench/relay-throughput.ts [--seconds N] [--rounds N] [--pin] [--no-handoff] [--cpu-prof-dir DIR] [--relay-node-flags '...']
 *
 * Both servers run at once (idle while the other is measured) and their phases alternate in
 * rounds, so a noisy neighbour on this shared machine hits both alike; each figure is the
 * median over rounds. Load: the project's TURN client, two sender→receiver pairs per server,
 * 172-byte RTP-like packets over ChannelData (client → relay → relayed A → relayed B → relay →
 * client; the A → B hop crosses loopback in coturn, while our relay hands it over in process
 * because both allocations are its own, as in our calls). "Direct" is the same load over plain
 * loopback UDP, so relay − direct is what the relay adds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { directPairs, drive, PACKET_BYTES, PAIRS, turnPairs } from './relay-load.ts';
import type { Endpoint, Pacing, Phase } from './relay-load.ts';
import { cpuMsOf, startCoturn, startOurs, stop } from './relay-servers.ts';
import type { CpuPin } from './relay-servers.ts';

const PACED_PPS = 10_000;
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const PHASE_S = arg('--seconds', 2);
const ROUNDS = arg('--rounds', 3);
const profileAt = process.argv.indexOf('--cpu-prof-dir');
const flagsAt = process.argv.indexOf('--relay-node-flags');
const relayNodeFlags = [
  ...(profileAt > 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profileAt + 1]}`] : []),
  ...(flagsAt > 0 ? process.argv[flagsAt + 1]!.split(' ').filter(Boolean) : []),
];

type Target = 'ours' | 'coturn' | 'direct';
interface Samples {
  maxRate: Phase[];
  cpuMsPerKPackets: number[];
  smooth: Phase[];
  trains: Phase[];
}

const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)]!;
};

/** with --pin: generator on CPU 0, servers on CPU 1 (a busy neighbour on CPU 1 then hurts the servers; unpinned is the default) */
function pinCpus(): { pin: CpuPin; note: string } {
  if (!process.argv.includes('--pin') || availableParallelism() < 2) return { pin: [], note: 'not pinned' };
  try {
    execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
    return { pin: ['taskset', '-c', '1'], note: 'generator pinned to CPU 0, servers to CPU 1' };
  } catch {
    return { pin: [], note: 'not pinned (no taskset)' };
  }
}

const started = performance.now();
const { pin, note: pinNote } = pinCpus();
const dir = mkdtempSync(join(tmpdir(), 'callsoak-bench-'));
const noHandoff = process.argv.includes('--no-handoff');
const ours = await startOurs(pin, relayNodeFlags, noHandoff ? ['--no-handoff'] : []);
const coturn = await startCoturn(dir, pin);
const pids: Record<Exclude<Target, 'direct'>, number> = { ours: ours.child.pid!, coturn: coturn.child.pid! };
const pairs: Record<Target, [Endpoint, Endpoint][]> = { ours: await turnPairs(ours.port), coturn: await turnPairs(coturn.port), direct: await directPairs() };
const samples: Record<Target, Samples> = {
  ours: { maxRate: [], cpuMsPerKPackets: [], smooth: [], trains: [] },
  coturn: { maxRate: [], cpuMsPerKPackets: [], smooth: [], trains: [] },
  direct: { maxRate: [], cpuMsPerKPackets: [], smooth: [], trains: [] },
};
for (const target of ['ours', 'coturn', 'direct'] as const) await drive(pairs[target], 0.5, PACED_PPS); // warm-up: JIT, socket buffers

for (let round = 0; round < ROUNDS; round++) {
  for (const target of ['ours', 'coturn'] as const) {
    const before = cpuMsOf(pids[target]);
    const phase = await drive(pairs[target], PHASE_S, Infinity);
    samples[target].maxRate.push(phase);
    samples[target].cpuMsPerKPackets.push((1000 * (cpuMsOf(pids[target]) - before)) / phase.received);
  }
  for (const pacing of ['smooth', 'trains'] as const) {
    for (const target of ['ours', 'coturn', 'direct'] as const) samples[target][pacing].push(await drive(pairs[target], PHASE_S, PACED_PPS, pacing));
  }
}
for (const list of Object.values(pairs)) for (const [a, b] of list) (a.close(), b.close());
await stop(ours.child);
await stop(coturn.child);
rmSync(dir, { recursive: true, force: true });

const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const row = (label: string, a: string, b: string, ratio = '') => `${label.padEnd(42)}${a.padStart(16)}${b.padStart(16)}${ratio.padStart(14)}`;
const med = (target: Target, pacing: Pacing | 'maxRate', pick: (phase: Phase) => number) => median(samples[target][pacing].map(pick));
const loss = (phase: Phase) => (100 * (phase.sent - phase.received)) / Math.max(1, phase.sent);
const load = loadavg().map((n) => n.toFixed(2)).join(' ');

console.log(`relay benchmark: ${PAIRS} client pairs per server, ${PACKET_BYTES}-byte packets, ${ROUNDS} rounds of ${PHASE_S} s phases (medians), ${pinNote}, ${noHandoff ? 'our A → B hop over loopback (--no-handoff)' : 'our A → B hop in process'}, coturn ${coturn.version}, load average ${load}, ${new Date().toISOString()}`);
console.log(row('', 'ours', 'coturn', 'ours/coturn'));
const oursMax = med('ours', 'maxRate', (p) => p.pps);
const coturnMax = med('coturn', 'maxRate', (p) => p.pps);
console.log(row('max packets/s (delivered)', f(oursMax, 0), f(coturnMax, 0), f(oursMax / coturnMax)));
console.log(`  per round: ours ${samples.ours.maxRate.map((p) => f(p.pps, 0)).join(', ')}; coturn ${samples.coturn.maxRate.map((p) => f(p.pps, 0)).join(', ')}`);
const oursCpu = median(samples.ours.cpuMsPerKPackets);
const coturnCpu = median(samples.coturn.cpuMsPerKPackets);
console.log(row('relay CPU per 1000 packets at max, ms', f(oursCpu, 1), f(coturnCpu, 1), f(oursCpu / coturnCpu)));
const addedP99: Record<Pacing, number> = { smooth: NaN, trains: NaN };
for (const pacing of ['smooth', 'trains'] as const) {
  const p = (target: Target, pick: (phase: Phase) => number) => med(target, pacing, pick);
  console.log(`at ${PACED_PPS} packets/s, ${pacing === 'smooth' ? 'evenly spaced (sleeping ≤ 0.1 ms between sends)' : `1 ms trains of ${PACED_PPS / 1000} (a 1 ms timer)`}:`);
  console.log(row('  loss, %', f(p('ours', loss), 3), f(p('coturn', loss), 3)));
  console.log(row('  latency p50 / p99, ms', `${f(p('ours', (x) => x.p50Ms), 3)} / ${f(p('ours', (x) => x.p99Ms))}`, `${f(p('coturn', (x) => x.p50Ms), 3)} / ${f(p('coturn', (x) => x.p99Ms))}`, `${f(p('ours', (x) => x.p50Ms) / p('coturn', (x) => x.p50Ms))} / ${f(p('ours', (x) => x.p99Ms) / p('coturn', (x) => x.p99Ms))}`));
  const added = (target: Target, pick: (phase: Phase) => number) => p(target, pick) - p('direct', pick);
  console.log(row('  added p50 / p99 (minus direct UDP), ms', `${f(added('ours', (x) => x.p50Ms), 3)} / ${f(added('ours', (x) => x.p99Ms))}`, `${f(added('coturn', (x) => x.p50Ms), 3)} / ${f(added('coturn', (x) => x.p99Ms))}`));
  console.log(row('  latency p90 / p99.9, ms', `${f(p('ours', (x) => x.p90Ms), 3)} / ${f(p('ours', (x) => x.p999Ms))}`, `${f(p('coturn', (x) => x.p90Ms), 3)} / ${f(p('coturn', (x) => x.p999Ms))}`));
  console.log(`  p99 per round, ms: ours ${samples.ours[pacing].map((x) => f(x.p99Ms)).join(', ')}; coturn ${samples.coturn[pacing].map((x) => f(x.p99Ms)).join(', ')}`);
  console.log(`  direct UDP, no relay: p50 ${f(p('direct', (x) => x.p50Ms), 3)} / p99 ${f(p('direct', (x) => x.p99Ms), 3)} ms`);
  addedP99[pacing] = added('ours', (x) => x.p99Ms);
}
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
  `targets: max rate ≥ 0.5 × coturn: ${verdict(oursMax >= 0.5 * coturnMax)} (${f(oursMax / coturnMax)}); ` +
    `added p99 ≤ 1 ms at ${PACED_PPS} packets/s: 1 ms trains ${verdict(addedP99.trains <= 1)} (${f(addedP99.trains)} ms), ` +
    `evenly spaced ${verdict(addedP99.smooth <= 1)} (${f(addedP99.smooth)} ms)`,
);
console.log(`total ${f((performance.now() - started) / 1000, 1)} s`);
