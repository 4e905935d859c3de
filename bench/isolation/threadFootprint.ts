/**
 * What a relay thread adds to its process's memory, measured in a fresh process so nothing else
 * moves its RSS: RSS after a full GC, then a relay started in its thread (run with
 * --expose-gc). Prints {"rssBeforeMb", "rssAfterMb", "startMs"}.
 */
import { readFileSync } from 'node:fs';
import { startRelay } from '../../harness/relay/startRelay.ts';

const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024;
const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  (globalThis as { gc?: () => void }).gc?.();
};

await settle();
const rssBeforeMb = rssMb();
const started = performance.now();
const relay = await startRelay({ seed: 1 });
const startMs = performance.now() - started;
await settle();
process.stdout.write(`${JSON.stringify({ rssBeforeMb, rssAfterMb: rssMb(), startMs })}\n`);
await relay.close();
