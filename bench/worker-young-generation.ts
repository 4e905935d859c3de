/**
 * How much of a soak worker's young generation is resident, with the soak's worker flags vs the
 * same flags without `--no-minor-gc-task` (the reference: V8's scheduled young collection at
 * 80 % full), side by side in one run. Each side is a child node process that allocates short-lived
 * objects (a few per 1 ms tick, like the relay's per-datagram garbage) for `--seconds` (default 40),
 * then reports V8's resident new space and its RSS. See harness/soak/soakWorkerMemory.ts.
 *
 *   node bin/run-ts.js bench/worker-young-generation.ts [--seconds 40]
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SOAK_WORKER_NODE_FLAGS } from '../harness/soak/soakWorkerMemory.ts';

const argv = process.argv.slice(2);
const at = argv.indexOf('--seconds');
const seconds = at >= 0 && Number(argv[at + 1]) > 0 ? Number(argv[at + 1]) : 40;

// the child: garbage every ms, then one line of JSON
const CHILD = `
import v8 from 'node:v8';
let keep = [];
const tick = setInterval(() => {
  for (let i = 0; i < 60; i++) keep.push({ a: Buffer.alloc(0), b: [i, i + 1, i + 2], s: 'x' + i });
  if (keep.length > 2000) keep = [];
}, 1);
setTimeout(() => {
  clearInterval(tick);
  const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  console.log(JSON.stringify({ residentKb: space.physical_space_size / 1024, sizeKb: space.space_size / 1024, rssKb: process.memoryUsage().rss / 1024 }));
}, ${seconds * 1000});
`;

/** one side's reading: V8's new space (resident and reserved) and the process's RSS, kB */
interface Side {
  residentKb: number;
  sizeKb: number;
  rssKb: number;
}

async function side(flags: readonly string[]): Promise<Side> {
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, '--input-type=module', '-e', CHILD]);
  return JSON.parse(stdout) as Side;
}

const reference = SOAK_WORKER_NODE_FLAGS.filter((f) => f !== '--no-minor-gc-task');
const [ours, ref] = await Promise.all([side(SOAK_WORKER_NODE_FLAGS), side(reference)]);
const row = (name: string, flags: readonly string[], r: Side) =>
  `| ${name} | \`${flags.join(' ')}\` | ${(r.residentKb / 1024).toFixed(1)} of ${(r.sizeKb / 1024).toFixed(1)} | ${(r.rssKb / 1024).toFixed(1)} |`;
console.log(`young generation after ${seconds} s of garbage, both sides in one run\n`);
console.log('| side | flags | resident new space, MB | RSS, MB |\n|---|---|---|---|');
console.log(row('soak workers', SOAK_WORKER_NODE_FLAGS, ours));
console.log(row('reference', reference, ref));
console.log(`\nresident share: ours ${((100 * ours.residentKb) / ours.sizeKb).toFixed(1)} %, reference ${((100 * ref.residentKb) / ref.sizeKb).toFixed(1)} %`);
