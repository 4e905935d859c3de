/**
 * Webhook delivery latency at a steady rate: the platform's path (serialise the payload, sign
 * it, POST it through WebhookSender with its deadline and retry bookkeeping) side by side with
 * a reference, a plain `fetch` POST of the same bytes with no signing and no retry machinery.
 * The two are interleaved tick by tick, so both see the same machine. The receiver runs in a
 * child process (this file, `--receive`) and answers 200 at once.
 *
 *   node bin/run-ts.js bench/webhook-delivery.ts [--rate 200] [--seconds 10]
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { quantile } from 'simple-statistics';
import { callsWebhook, serializeWebhookBody } from '../harness/platform/webhookBody.ts';
import { WebhookSender } from '../harness/platform/webhookSender.ts';
import { watchStalls } from './stallWatch.ts';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};

if (argv[0] === '--receive') {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
  setTimeout(() => process.exit(0), 300_000).unref(); // never outlive a crashed bench
  process.on('SIGTERM', () => process.exit(0));
} else {
  await main();
}

async function main(): Promise<void> {
  const rate = arg('--rate', 200);
  const seconds = arg('--seconds', 10);
  const self = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const child = spawn(process.execPath, [runTs, self, '--receive'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('\n')) resolve(JSON.parse(out).port as number);
    });
    child.once('exit', () => reject(new Error('receiver exited')));
  });
  const url = `http://127.0.0.1:${port}/webhook`;
  const sender = new WebhookSender({ appSecret: 'bench-secret' });
  const ours: number[] = [];
  const ref: number[] = [];
  let failures = 0;
  const payload = (n: number) => callsWebhook('111222333', Date.now(), [{ id: `c_bench_${n}`, event: 'terminate', timestamp: 1_700_000_000 + n, status: 'Completed', start_time: 1_700_000_000, end_time: 1_700_000_000 + n, duration: n }]);

  const oneOurs = async (n: number) => {
    const t0 = performance.now();
    const d = await sender.send(url, 'calls', serializeWebhookBody(payload(n))).done;
    if (d.outcome !== 'delivered') failures++;
    ours.push(performance.now() - t0);
  };
  const oneRef = async (n: number) => {
    const body = serializeWebhookBody(payload(n));
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body) });
    await res.arrayBuffer();
    ref.push(performance.now() - t0);
  };

  // warm-up: connections, JIT
  await Promise.all(Array.from({ length: 50 }, (_, i) => Promise.all([oneOurs(-i), oneRef(-i)])));
  ours.length = 0;
  ref.length = 0;

  const total = rate * seconds;
  const interval = 1000 / rate;
  const stalls = watchStalls();
  const pending: Promise<unknown>[] = [];
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const due = start + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // alternate which goes first so neither always has the head start
    pending.push(n % 2 === 0 ? Promise.all([oneOurs(n), oneRef(n)]) : Promise.all([oneRef(n), oneOurs(n)]));
  }
  await Promise.all(pending);
  const s = stalls.stop();
  sender.close();
  child.kill('SIGTERM');

  const q = (xs: number[], p: number) => quantile(xs, p);
  const row = (name: string, xs: number[]) => `${name.padEnd(34)} p50 ${q(xs, 0.5).toFixed(2).padStart(6)} ms   p99 ${q(xs, 0.99).toFixed(2).padStart(6)} ms   max ${Math.max(...xs).toFixed(2).padStart(7)} ms`;
  console.log(`webhook delivery: ${total} webhooks each way at ${rate}/s for ${seconds} s, receiver in a child process`);
  console.log(row('ours (serialise+sign+WebhookSender)', ours));
  console.log(row('reference (plain fetch POST)', ref));
  console.log(`ratio ours/reference: p50 ${(q(ours, 0.5) / q(ref, 0.5)).toFixed(2)}x   p99 ${(q(ours, 0.99) / q(ref, 0.99)).toFixed(2)}x`);
  console.log(`failed deliveries: ${failures}; target p99 <= 10 ms: ${q(ours, 0.99) <= 10 ? 'met' : 'NOT met'}`);
  console.log(`bench process stalls: GC ${s.gcCount} pauses, max ${s.gcMaxMs.toFixed(1)} ms; event-loop delay p99 ${s.loopDelayP99Ms.toFixed(1)} ms`);
}
