/**
 * SampleSpill keeps the newest items in memory and every item on disk; close() means on disk;
 * readSpill streams the file back; write errors and malformed lines are reported, not thrown
 * from nowhere.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SampleSpill, readSpill } from '../../../harness/soak/sampleSpill.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-spill-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('the window holds the newest 120 items in order; the file holds all of them once close() resolves', async () => {
  const file = join(dir, 'business.ndjson');
  const spill = new SampleSpill<{ t: number; inbound: { packetsReceived: number } }>(file);
  expect(spill.recent()).toEqual([]);
  for (let i = 0; i < 1000; i++) await spill.push({ t: i, inbound: { packetsReceived: i * 50 } });
  expect(spill.count).toBe(1000);
  expect(spill.recent().map((s) => s.t)).toEqual(Array.from({ length: 120 }, (_, i) => 880 + i));
  await spill.close();
  // read synchronously right after close: nothing may still be in a buffer
  const lines = readFileSync(file, 'utf8').split('\n');
  expect(lines).toHaveLength(1001);
  expect(lines.at(-1)).toBe('');
  expect(JSON.parse(lines[999]!)).toEqual({ t: 999, inbound: { packetsReceived: 49950 } });
  const back = await collect(readSpill<{ t: number }>(file));
  expect(back.map((s) => s.t)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
});

test('a tiny write buffer only slows push down: every item still lands, in order', async () => {
  const file = join(dir, 'small-buffer.ndjson');
  const spill = new SampleSpill<{ i: number; pad: string }>(file, { windowSize: 3, bufferBytes: 64 });
  for (let i = 0; i < 2000; i++) await spill.push({ i, pad: 'x'.repeat(100) });
  await spill.close();
  const order = (await collect(readSpill<{ i: number }>(file))).map((item) => item.i);
  expect(order).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  expect(spill.recent().map((s) => s.i)).toEqual([1997, 1998, 1999]);
});

test('appends to an existing file; push after close and a missing directory are errors naming the file', async () => {
  const file = join(dir, 'again.ndjson');
  writeFileSync(file, '{"t":-1}\n');
  const spill = new SampleSpill<{ t: number }>(file, { windowSize: 1 });
  await spill.push({ t: 0 });
  await spill.close();
  await spill.close(); // idempotent
  await expect(spill.push({ t: 1 })).rejects.toThrow(`SampleSpill: push after close (${file})`);
  expect((await collect(readSpill<{ t: number }>(file))).map((s) => s.t)).toEqual([-1, 0]);

  const missing = join(dir, 'no-such-dir', 'x.ndjson');
  const broken = new SampleSpill<{ t: number }>(missing);
  void broken.push({ t: 0 }).catch(() => undefined);
  await expect(broken.close()).rejects.toThrow(`cannot write ${missing}: ENOENT`);
  await expect(broken.push({ t: 1 })).rejects.toThrow(`cannot write ${missing}`);
});

test('readSpill names the file and line of a line that is not JSON, after yielding the good ones', async () => {
  const file = join(dir, 'cut.ndjson');
  writeFileSync(file, '{"t":0}\n\n{"t":1}\n{"t":2,"inb');
  const seen: number[] = [];
  await expect(async () => {
    for await (const s of readSpill<{ t: number }>(file)) seen.push(s.t);
  }).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: not a JSON line`));
  expect(seen).toEqual([0, 1]);
  await expect(collect(readSpill(join(dir, 'absent.ndjson')))).rejects.toThrow('ENOENT');
});

test('a reader that stops early closes the file', async () => {
  const file = join(dir, 'early.ndjson');
  writeFileSync(file, Array.from({ length: 10_000 }, (_, t) => JSON.stringify({ t })).join('\n'));
  const before = readdirSync('/proc/self/fd').length;
  for (let round = 0; round < 20; round++) {
    for await (const item of readSpill<{ t: number }>(file)) if (item.t === 3) break;
  }
  // give the closes a turn of the event loop
  await new Promise((r) => setTimeout(r, 50));
  expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before + 1);
});
