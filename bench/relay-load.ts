/**
 * The relay benchmark's load generator: client pairs whose `a.send` arrives at `b` (through a
 * TURN server over ChannelData, or over plain loopback UDP), and `drive`, which sends for a
 * while and measures delivered rate and one-way latency (receive − send time, one process).
 */
import { performance } from 'node:perf_hooks';
import { TurnClient } from '../harness/relay/client/turnClient.ts';
import { bindUdp } from '../harness/relay/relaySockets.ts';

/** credentials both servers are started with */
export const USER = 'bench';
export const PASSWORD = 'bench-pw';
export const REALM = 'callsoak';
/** an RTP-like datagram: 12-byte header + 160 bytes (a 20 ms Opus frame is 60–200) */
export const PACKET_BYTES = 172;
/** client pairs per server; each pair is one sender and one receiver */
export const PAIRS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Endpoint {
  send(data: Buffer): void;
  onData(handler: (data: Buffer) => void): void;
  close(): void;
}

export interface Phase {
  sent: number;
  received: number;
  pps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
}

/** pairs of endpoints where `a.send` arrives at `b`, through a TURN server */
export async function turnPairs(port: number): Promise<[Endpoint, Endpoint][]> {
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
export async function directPairs(): Promise<[Endpoint, Endpoint][]> {
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

export type Pacing = 'trains' | 'smooth';

/**
 * Sends for `seconds`. pps = Infinity: as fast as the relay returns packets, topping each
 * pair up to `window` in flight on every arrival. Otherwise paced at `pps` in total:
 * 'trains' from a 1 ms timer (pps/1000 packets back to back each millisecond), or 'smooth'
 * (evenly spaced, sleeping in ≤ 0.1 ms steps between sends). Neither busy-waits: a spinning
 * generator would take one of this machine's two cores from the relay it measures.
 */
export async function drive(pairs: [Endpoint, Endpoint][], seconds: number, pps: number, pacing: Pacing = 'trains', window = 256): Promise<Phase> {
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
    // Evenly spaced without burning a core: between sends, sleep (Atomics.wait, ≤ 0.1 ms) and
    // then let the event loop poll once, so arrivals are still timestamped within ~0.1 ms.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    await new Promise<void>((resolve) => {
      const step = () => {
        const now = performance.now();
        if (now - start >= seconds * 1000) return resolve();
        const due = Math.floor(((now - start) / 1000) * pps);
        for (; sent < due; sent++) {
          const i = sent % pairs.length;
          pairs[i]![0].send(packet(sentPer[i]!++));
        }
        const untilNext = start + ((sent + 1) * 1000) / pps - performance.now();
        if (untilNext > 0.02) Atomics.wait(gate, 0, 0, Math.min(untilNext, 0.1));
        setImmediate(step);
      };
      step();
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
