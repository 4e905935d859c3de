/**
 * Relay benchmark: packets per second through one relay process with no impairment, and the
 * one-way latency through it at 10,000 packets/s, for our relay and coturn's `turnserver`
 * side by side in the same run under the same load, printed with ratios.
 *
 *   node bin/run-ts.js bench/relay-throughput.ts [--seconds N] [--cpu-prof-dir DIR]
 *
 * Load: the project's TURN client, two client pairs; each sender's 172-byte RTP-like packets
 * go client → relay → (relayed A → relayed B) → relay → client over ChannelData. Latency is
 * receive time − send time in this process; "direct" is the same load over plain loopback UDP
 * without any relay, so (relay − direct) is what the relay adds.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { TurnClient } from '../harness/relay/client/turnClient.ts';
import { Method } from '../harness/relay/core/stunConstants.ts';
import { bindUdp } from '../harness/relay/relaySockets.ts';
import { startRelay } from '../harness/relay/startRelay.ts';

const USER = 'bench';
const PASSWORD = 'bench-pw';
const REALM = 'callsoak';
const PACKET_BYTES = 172;
const PAIRS = 2;
const PACED_PPS = 10_000;
const secondsArg = process.argv.indexOf('--seconds');
const PHASE_S = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (process.argv.includes('--serve')) await serve();
else await main();

/** child mode: our relay alone in its own process, like coturn */
async function serve(): Promise<void> {
  const relay = await startRelay({ seed: 1, realm: REALM, sharedUser: { username: USER, password: PASSWORD, callId: 'bench', up: {}, down: {} } });
  // what can stall the relay's one thread: garbage collection and event-loop delay
  const gcPauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  process.stdout.write(`${JSON.stringify({ port: relay.port })}\n`);
  await new Promise<void>((resolve) => process.once('SIGTERM', resolve));
  observer.disconnect();
  loopDelay.disable();
  const gcTotal = gcPauses.reduce((a, b) => a + b, 0);
  process.stderr.write(
    `our relay process: ${gcPauses.length} GC pauses, ${gcTotal.toFixed(1)} ms in total, longest ${Math.max(0, ...gcPauses).toFixed(2)} ms; ` +
      `event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(2)} ms, max ${(loopDelay.max / 1e6).toFixed(2)} ms\n`,
  );
  await relay.close();
}

interface Endpoint {
  send(data: Buffer): void;
  onData(handler: (data: Buffer) => void): void;
  close(): void;
}

interface Phase {
  sent: number;
  received: number;
  pps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
}

/** pairs of endpoints where `a.send` arrives at `b`, through a TURN server */
async function turnPairs(port: number): Promise<[Endpoint, Endpoint][]> {
  const pairs: [Endpoint, Endpoint][] = [];
  for (let i = 0; i < PAIRS; i++) {
    const a = await TurnClient.connect({ serverPort: port, username: USER, password: PASSWORD });
    const b = await TurnClient.connect({ serverPort: port, username: USER, password: PASSWORD });
    const aRelayed = await a.allocate();
    const bRelayed = await b.allocate();
    await a.createPermission(bRelayed);
    await b.createPermission(aRelayed);
    await a.channelBind(0x4000, bRelayed);
    const wrap = (client: TurnClient): Endpoint => ({
      send: (data) => client.sendChannelData(0x4000, data),
      onData: (handler) => (client.onData = handler),
      close: () => client.close(),
    });
    pairs.push([wrap(a), wrap(b)]);
  }
  return pairs;
}

/** the same pairs over plain loopback UDP */
async function directPairs(): Promise<[Endpoint, Endpoint][]> {
  const pairs: [Endpoint, Endpoint][] = [];
  for (let i = 0; i < PAIRS; i++) {
    const a = (await bindUdp('127.0.0.1', 0))!;
    const b = (await bindUdp('127.0.0.1', 0))!;
    const bPort = b.address().port;
    pairs.push([
      { send: (data) => a.send(data, bPort, '127.0.0.1'), onData: () => {}, close: () => a.close() },
      { send: () => {}, onData: (handler) => b.on('message', (msg) => handler(msg)), close: () => b.close() },
    ]);
  }
  return pairs;
}

function packet(seq: number): Buffer {
  const data = Buffer.allocUnsafe(PACKET_BYTES);
  data[0] = 0x80;
  data[1] = 111;
  data.writeUInt16BE(seq & 0xffff, 2);
  data.writeUInt32BE(seq >>> 0, 4);
  data.writeUInt32BE(0xbe4c0000, 8);
  data.writeDoubleBE(performance.now(), 12);
  return data;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

type Pacing = 'trains' | 'smooth';

/**
 * Sends for `seconds`. pps = Infinity: as fast as the relay returns packets, topping each
 * pair up to `window` in flight on every arrival. Otherwise paced at `pps` in total:
 * 'trains' from a 1 ms timer (pps/1000 packets back to back each millisecond; costs the
 * generator little CPU), or 'smooth' from a spinning loop (evenly spaced, but the generator
 * then takes one of this machine's two cores).
 */
async function drive(pairs: [Endpoint, Endpoint][], seconds: number, pps: number, pacing: Pacing = 'trains', window = 256): Promise<Phase> {
  const paced = Number.isFinite(pps);
  const latencies = new Float64Array(Math.min(5_000_000, paced ? Math.ceil(pps * seconds * 1.1) : 3_000_000));
  let count = 0;
  let received = 0;
  let sent = 0;
  let running = true;
  const sentPer = pairs.map(() => 0);
  const receivedPer = pairs.map(() => 0);
  const topUp = (i: number) => {
    while (running && sentPer[i]! - receivedPer[i]! < window) {
      pairs[i]![0].send(packet(sentPer[i]!++));
      sent++;
    }
  };
  pairs.forEach(([, b], i) => b.onData((data) => {
    received++;
    receivedPer[i]!++;
    if (count < latencies.length) latencies[count++] = performance.now() - data.readDoubleBE(12);
    if (!paced) topUp(i);
  }));
  const start = performance.now();
  let lastReceived = 0;
  if (paced && pacing === 'smooth') {
    await new Promise<void>((resolve) => {
      const spin = () => {
        const now = performance.now();
        if (now - start >= seconds * 1000) return resolve();
        const due = Math.floor(((now - start) / 1000) * pps);
        for (; sent < due; sent++) {
          const i = sent % pairs.length;
          pairs[i]![0].send(packet(sentPer[i]!++));
        }
        setImmediate(spin);
      };
      spin();
    });
  } else await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - start >= seconds * 1000) {
        running = false;
        clearInterval(timer);
        return resolve();
      }
      if (paced) {
        const due = Math.floor(((now - start) / 1000) * pps);
        for (; sent < due; sent++) {
          const i = sent % pairs.length;
          pairs[i]![0].send(packet(sentPer[i]!++));
        }
      } else if (received === lastReceived && (now - start) % 250 < 1.5) {
        // nothing arrived for a while: what was in flight is lost (socket buffer overflow); refill
        for (let i = 0; i < pairs.length; i++) {
          receivedPer[i] = sentPer[i]!;
          topUp(i);
        }
      }
      lastReceived = received;
    }, 1);
    if (!paced) pairs.forEach((_, i) => topUp(i));
  });
  const elapsedS = (performance.now() - start) / 1000;
  // let the pipeline drain so the next phase starts empty: wait until nothing arrives for 200 ms
  for (let last = -1; last !== received; ) {
    last = received;
    await sleep(200);
  }
  const sorted = latencies.slice(0, count).sort();
  return {
    sent,
    received,
    pps: received / elapsedS,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    p999Ms: percentile(sorted, 0.999),
  };
}

function freePortCandidate(): number {
  return 20_000 + Math.floor(Math.random() * 10_000) * 2;
}

async function waitForTurn(port: number): Promise<void> {
  const probe = await TurnClient.connect({ serverPort: port, username: USER, password: PASSWORD, attempts: 3 });
  try {
    for (let i = 0; i < 20; i++) {
      try {
        await probe.request(Method.binding, () => {}, false);
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`no TURN server answered on 127.0.0.1:${port}`);
  } finally {
    probe.close();
  }
}

function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
}

interface ServerRun {
  maxRate: Phase;
  trains: Phase;
  smooth: Phase;
  cpuMsPerKPackets: number;
}

async function measure(port: number, cpuMs: () => number): Promise<ServerRun> {
  const pairs = await turnPairs(port);
  await drive(pairs, 0.5, PACED_PPS); // warm-up (JIT, socket buffers)
  const cpuBefore = cpuMs();
  const maxRate = await drive(pairs, PHASE_S, Infinity);
  const cpuUsed = cpuMs() - cpuBefore;
  const trains = await drive(pairs, PHASE_S, PACED_PPS, 'trains');
  const smooth = await drive(pairs, PHASE_S, PACED_PPS, 'smooth');
  for (const [a, b] of pairs) {
    a.close();
    b.close();
  }
  return { maxRate, trains, smooth, cpuMsPerKPackets: (1000 * cpuUsed) / maxRate.received };
}

async function startOurs(): Promise<{ child: ChildProcess; port: number }> {
  // --cpu-prof-dir DIR: write a V8 CPU profile of our relay process there
  const profileAt = process.argv.indexOf('--cpu-prof-dir');
  const profile = profileAt > 0 ? ['--cpu-prof', `--cpu-prof-dir=${process.argv[profileAt + 1]}`] : [];
  const extra = (process.env.BENCH_RELAY_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, ...profile, 'bin/run-ts.js', 'bench/relay-throughput.ts', '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString().split('\n')[0]!) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`our relay exited early (${code})`)));
  });
  return { child, port };
}

async function startCoturn(dir: string): Promise<{ child: ChildProcess; port: number; version: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = freePortCandidate();
    const child = spawn('turnserver', [
      '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
      '--lt-cred-mech', `--user=${USER}:${PASSWORD}`, `--realm=${REALM}`,
      '--no-tls', '--no-dtls', '--no-tcp-relay', '--allow-loopback-peers', '--no-cli', '--no-software-attribute',
      `--pidfile=${join(dir, 'turnserver.pid')}`, `--log-file=${join(dir, 'turn.log')}`, '--simple-log', '--no-stdout-log',
      `--min-port=${port + 2}`, `--max-port=${port + 400}`,
    ], { stdio: ['ignore', 'ignore', 'ignore'] });
    try {
      await waitForTurn(port);
      let version = 'unknown';
      try {
        version = /Version Coturn-([\d.]+)/.exec(readFileSync(join(dir, 'turn.log'), 'utf8'))?.[1] ?? version;
      } catch {
        // the version is only for the report
      }
      return { child, port, version };
    } catch {
      child.kill('SIGKILL');
    }
  }
  throw new Error('coturn did not start');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-bench-'));
  const started = performance.now();
  const direct = await (async () => {
    const pairs = await directPairs();
    await drive(pairs, 0.5, PACED_PPS);
    const trains = await drive(pairs, PHASE_S, PACED_PPS, 'trains');
    const smooth = await drive(pairs, PHASE_S, PACED_PPS, 'smooth');
    for (const [a, b] of pairs) {
      a.close();
      b.close();
    }
    return { trains, smooth };
  })();

  const ours = await startOurs();
  const oursRun = await measure(ours.port, () => cpuMsOf(ours.child.pid!));
  await stop(ours.child);

  const coturn = await startCoturn(dir);
  const coturnRun = await measure(coturn.port, () => cpuMsOf(coturn.child.pid!));
  await stop(coturn.child);
  rmSync(dir, { recursive: true, force: true });

  const f = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
  const row = (label: string, a: string, b: string, ratio = '') => `${label.padEnd(42)}${a.padStart(16)}${b.padStart(16)}${ratio.padStart(14)}`;
  const lossPct = (phase: Phase) => f((100 * (phase.sent - phase.received)) / Math.max(1, phase.sent), 3);
  const load = loadavg().map((n) => n.toFixed(2)).join(' ');
  console.log(`relay benchmark: ${PAIRS} client pairs, ${PACKET_BYTES}-byte packets, ${PHASE_S} s per phase, coturn ${coturn.version}, load average ${load}, ${new Date().toISOString()}`);
  console.log(row('', 'ours', 'coturn', 'ours/coturn'));
  console.log(row('max packets/s (delivered)', f(oursRun.maxRate.pps, 0), f(coturnRun.maxRate.pps, 0), f(oursRun.maxRate.pps / coturnRun.maxRate.pps)));
  console.log(row('relay CPU per 1000 packets at max, ms', f(oursRun.cpuMsPerKPackets, 1), f(coturnRun.cpuMsPerKPackets, 1), f(oursRun.cpuMsPerKPackets / coturnRun.cpuMsPerKPackets)));
  for (const pacing of ['smooth', 'trains'] as const) {
    const o = oursRun[pacing];
    const c = coturnRun[pacing];
    const d = direct[pacing];
    console.log(`at ${PACED_PPS} packets/s, ${pacing === 'smooth' ? 'evenly spaced' : '1 ms trains of ' + PACED_PPS / 1000}:`);
    console.log(row('  loss, %', lossPct(o), lossPct(c)));
    console.log(row('  latency p50 / p99, ms', `${f(o.p50Ms, 3)} / ${f(o.p99Ms, 2)}`, `${f(c.p50Ms, 3)} / ${f(c.p99Ms, 2)}`, `${f(o.p50Ms / c.p50Ms)} / ${f(o.p99Ms / c.p99Ms)}`));
    console.log(row('  added p50 / p99 (minus direct UDP), ms', `${f(o.p50Ms - d.p50Ms, 3)} / ${f(o.p99Ms - d.p99Ms, 2)}`, `${f(c.p50Ms - d.p50Ms, 3)} / ${f(c.p99Ms - d.p99Ms, 2)}`));
    console.log(row('  latency p90 / p99.9, ms', `${f(o.p90Ms, 3)} / ${f(o.p999Ms, 2)}`, `${f(c.p90Ms, 3)} / ${f(c.p999Ms, 2)}`));
    console.log(`  direct UDP, no relay: p50 ${f(d.p50Ms, 3)} / p99 ${f(d.p99Ms, 3)} ms`);
  }
  const rateOk = oursRun.maxRate.pps >= 0.5 * coturnRun.maxRate.pps;
  const delayOk = oursRun.smooth.p99Ms - direct.smooth.p99Ms <= 1;
  console.log(`targets: max rate ≥ 0.5 × coturn: ${rateOk ? 'met' : 'NOT met'}; added p99 ≤ 1 ms at ${PACED_PPS} packets/s (evenly spaced): ${delayOk ? 'met' : 'NOT met'}`);
  console.log(`total ${f((performance.now() - started) / 1000, 1)} s`);
}
