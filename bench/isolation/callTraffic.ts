/**
 * The calls' media, from a thread of its own (as browsers are processes of their own): N
 * calls, each two TURN clients sending each other RTP-like packets at a fixed rate through a
 * relay (or straight over loopback UDP, the floor), each packet stamped with its send time and
 * timed on arrival in this same thread, so the one-way delay needs no clock but this thread's.
 * Driven by the bench (relay-isolation.ts) over messages:
 *   { kind: 'setup', key, port | null } → { kind: 'ready', key }
 *   { kind: 'drive', key, seconds } → { kind: 'driven', key, sent, delays: one Float64Array per stream, ms, arrival order }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TurnClient } from '../../harness/relay/client/turnClient.ts';
import { bindUdp } from '../../harness/relay/relaySockets.ts';

export interface TrafficOptions {
  calls: number;
  /** packets per second in each direction of each call */
  pps: number;
  /** RTP header (12) + payload, bytes */
  packetBytes: number;
  /** credentials every relay in the bench shares */
  username: string;
  password: string;
}

export type ToTraffic =
  | { kind: 'setup'; key: string; port: number | null }
  | { kind: 'drive'; key: string; seconds: number };

export type FromTraffic =
  | { kind: 'ready'; key: string }
  | { kind: 'driven'; key: string; sent: number; delays: Float64Array[] }
  | { kind: 'error'; message: string };

/** one direction of one call: `send` reaches the other end, whose arrivals `onData` hears */
interface Direction {
  send(data: Buffer): void;
  onData(handler: (data: Buffer) => void): void;
}

const options = workerData as TrafficOptions;
const owner = parentPort!;
const paths = new Map<string, Direction[]>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** both directions of every call through the TURN server on `port` (ChannelData both ways) */
async function turnCalls(port: number): Promise<Direction[]> {
  const directions: Direction[] = [];
  for (let call = 0; call < options.calls; call++) {
    const a = await TurnClient.connect({ serverPort: port, username: options.username, password: options.password });
    const b = await TurnClient.connect({ serverPort: port, username: options.username, password: options.password });
    const aRelayed = await a.allocate();
    const bRelayed = await b.allocate();
    await a.createPermission(bRelayed);
    await b.createPermission(aRelayed);
    await a.channelBind(0x4000, bRelayed);
    await b.channelBind(0x4000, aRelayed);
    directions.push(
      { send: (data) => a.sendChannelData(0x4000, data), onData: (handler) => (b.onData = handler) },
      { send: (data) => b.sendChannelData(0x4000, data), onData: (handler) => (a.onData = handler) },
    );
  }
  return directions;
}

/** the same directions over plain loopback UDP, no relay */
async function directCalls(): Promise<Direction[]> {
  const directions: Direction[] = [];
  for (let call = 0; call < options.calls * 2; call++) {
    const from = (await bindUdp('127.0.0.1', 0))!;
    const to = (await bindUdp('127.0.0.1', 0))!;
    const toPort = to.address().port;
    directions.push({ send: (data) => from.send(data, toPort, '127.0.0.1'), onData: (handler) => to.on('message', handler) });
  }
  return directions;
}

function packet(stream: number, seq: number): Buffer {
  const data = Buffer.alloc(options.packetBytes);
  data[0] = 0x80;
  data[1] = 111;
  data.writeUInt16BE(seq & 0xffff, 2);
  data.writeUInt32BE((seq * 960) >>> 0, 4);
  data.writeUInt32BE(stream, 8);
  data.writeDoubleBE(performance.now(), 12);
  return data;
}

/** sends on every direction for `seconds`, calls spread evenly over one packet interval */
async function drive(directions: Direction[], seconds: number): Promise<FromTraffic> {
  const intervalMs = 1000 / options.pps;
  const delays = directions.map(() => new Float64Array(Math.ceil(options.pps * seconds) + 16));
  const counts = directions.map(() => 0);
  const sentPer = directions.map(() => 0);
  let measuring = true;
  directions.forEach((direction, stream) =>
    direction.onData((data) => {
      const delay = performance.now() - data.readDoubleBE(12);
      if (measuring && counts[stream]! < delays[stream]!.length) delays[stream]![counts[stream]!++] = delay;
    }),
  );
  const start = performance.now();
  const offsetMs = (stream: number) => (Math.floor(stream / 2) * intervalMs) / (directions.length / 2);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        return resolve();
      }
      directions.forEach((direction, stream) => {
        const due = Math.floor((elapsed - offsetMs(stream)) / intervalMs) + 1;
        while (sentPer[stream]! < due) direction.send(packet(stream, sentPer[stream]!++));
      });
    }, 1);
  });
  // what is still on its way arrives within a relay's worst stall; then stop counting
  await sleep(500);
  measuring = false;
  return { kind: 'driven', key: '', sent: sentPer.reduce((a, b) => a + b, 0), delays: delays.map((d, i) => d.slice(0, counts[i])) };
}

owner.on('message', (message: ToTraffic) => {
  void (async () => {
    if (message.kind === 'setup') {
      paths.set(message.key, message.port === null ? await directCalls() : await turnCalls(message.port));
      owner.postMessage({ kind: 'ready', key: message.key } satisfies FromTraffic);
    } else {
      const result = await drive(paths.get(message.key)!, message.seconds);
      owner.postMessage({ ...result, key: message.key }, result.kind === 'driven' ? result.delays.map((d) => d.buffer as ArrayBuffer) : []);
    }
  })().catch((error: Error) => owner.postMessage({ kind: 'error', message: error.message } satisfies FromTraffic));
});
