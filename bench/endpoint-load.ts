/**
 * Load on the embedded endpoint: 200 concurrent submitters × 50 submissions each (one call id
 * per submission), side by side with a reference server that only answers {"success":true}.
 * Each server runs in its own child process (this file, `--serve KIND`), the clients here.
 * Reports throughput, p50/p99 latency, their ratios to the reference, and submissions lost:
 * answered {"success":true} to the client but absent from the endpoint's record.
 *
 *   node bin/run-ts.js bench/endpoint-load.ts [--submitters 200] [--per 50] [--fsync-too]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quantile } from 'simple-statistics';

const PAGE_ID = '1234567890';
const TOKEN = 'EAAbenchtoken';
const argv = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};

const callId = (submitter: number, k: number): string => `c_${submitter}_${k}`;

function payload(id: string, endedSec: number): string {
  return JSON.stringify({
    platform: 'messenger',
    call_id: id,
    end_call_reason: 'Hangup_Call',
    end_call_subreason: 'Conversation was finished',
    call_ended_time: endedSec,
    first_audio_packet_received_time: endedSec - 30,
    audio_stats: {
      call_ended_time: endedSec,
      jitter: 0.004,
      packets_lost: 2,
      packets_received: 1498,
      round_trip_time_ms: 20.5,
      jitter_buffer_delay_ms: 45.5,
      concealed_samples: 480,
      silent_concealed_samples: 240,
      total_samples_duration_ms: 29_990,
    },
  });
}

// ---- child: one server ----------------------------------------------------------------
async function serve(kind: string, recordPath: string, submitters: number, per: number): Promise<void> {
  let url: string;
  if (kind === 'reference') {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  } else {
    const { startEndpoint } = await import('../harness/endpoint/startEndpoint.ts');
    const endpoint = await startEndpoint({ pageId: PAGE_ID, accessToken: TOKEN, recordPath, fsync: kind === 'endpoint-fsync' });
    const now = Date.now();
    for (let s = 0; s < submitters; s++) for (let k = -1; k < per; k++) endpoint.markCallEnded(callId(s, k), now);
    url = endpoint.url;
  }
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  setTimeout(() => process.exit(0), 120_000).unref(); // never outlive a crashed bench
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => {}, 1000);
}

// ---- parent: clients ------------------------------------------------------------------
function startServer(kind: string, recordPath: string, submitters: number, per: number): Promise<{ child: ChildProcess; url: string }> {
  const self = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const child = spawn(process.execPath, [runTs, self, '--serve', kind, recordPath, String(submitters), String(per)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, url: (JSON.parse(out.split('\n')[0]!) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
}

function postOnce(agent: http.Agent, url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (e) => resolve({ status: 0, text: String(e) }));
    req.end(body);
  });
}

interface LoadResult {
  latenciesMs: number[];
  acceptedIds: Set<string>;
  failures: number;
  wallMs: number;
}

async function load(baseUrl: string, submitters: number, per: number): Promise<LoadResult> {
  const url = `${baseUrl}/v21.0/${PAGE_ID}/call_metrics`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: submitters });
  const endedSec = Math.floor(Date.now() / 1000);
  // warm-up: one submission per submitter (call ids c_S_-1), not measured
  await Promise.all(Array.from({ length: submitters }, (_, s) => postOnce(agent, url, payload(callId(s, -1), endedSec))));
  const latenciesMs: number[] = [];
  const acceptedIds = new Set<string>();
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: submitters }, async (_, s) => {
      for (let k = 0; k < per; k++) {
        const id = callId(s, k);
        const started = performance.now();
        const answer = await postOnce(agent, url, payload(id, endedSec));
        latenciesMs.push(performance.now() - started);
        if (answer.status === 200 && answer.text === '{"success":true}') acceptedIds.add(id);
        else failures++;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  agent.destroy();
  return { latenciesMs, acceptedIds, failures, wallMs };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  const submitters = arg('--submitters', 200);
  const per = arg('--per', 50);
  const kinds = ['reference', 'endpoint', ...(argv.includes('--fsync-too') ? ['endpoint-fsync'] : [])];
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-bench-'));
  const { readRecord } = await import('../harness/endpoint/requestRecord.ts');
  const rows: { kind: string; n: number; rps: number; p50: number; p99: number; failures: number; lost: number | null }[] = [];
  for (const kind of kinds) {
    const recordPath = join(dir, `${kind}.jsonl`);
    const { child, url } = await startServer(kind, recordPath, submitters, per);
    const r = await load(url, submitters, per);
    await stop(child);
    let lost: number | null = null;
    if (kind !== 'reference') {
      const stored = new Set(readRecord(recordPath).filter((rec) => rec.outcome.accepted).map((rec) => rec.callId));
      lost = [...r.acceptedIds].filter((id) => !stored.has(id)).length;
    }
    rows.push({
      kind,
      n: r.latenciesMs.length,
      rps: r.latenciesMs.length / (r.wallMs / 1000),
      p50: quantile(r.latenciesMs, 0.5),
      p99: quantile(r.latenciesMs, 0.99),
      failures: r.failures,
      lost,
    });
  }
  const f = (x: number, d = 2) => x.toFixed(d).padStart(9);
  console.log(`endpoint load: ${submitters} concurrent submitters × ${per} submissions, node ${process.version}`);
  console.log(`${'server'.padEnd(15)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50_ms'.padStart(9)}${'p99_ms'.padStart(9)}${'failed'.padStart(9)}${'lost'.padStart(9)}`);
  for (const row of rows) {
    console.log(`${row.kind.padEnd(15)}${String(row.n).padStart(9)}${f(row.rps, 0)}${f(row.p50)}${f(row.p99)}${String(row.failures).padStart(9)}${String(row.lost ?? '-').padStart(9)}`);
  }
  const ref = rows[0]!;
  for (const row of rows.slice(1)) {
    console.log(`${row.kind} / reference: throughput ×${(row.rps / ref.rps).toFixed(2)}, p50 ×${(row.p50 / ref.p50).toFixed(2)}, p99 ×${(row.p99 / ref.p99).toFixed(2)}`);
  }
  if (rows.some((row) => (row.lost ?? 0) > 0 || row.failures > 0)) process.exitCode = 1;
}

if (argv[0] === '--serve') await serve(argv[1] ?? 'endpoint', argv[2] ?? '', Number(argv[3]), Number(argv[4]));
else await main();
