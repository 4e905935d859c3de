/**
 * The /proc reader and the sampler on real processes: a child that holds ~50 MB and burns a
 * core shows up with its memory and > 50 % CPU; a sampled tree whose child exits keeps giving
 * sane numbers; a real Chromium's processes are counted as the browser; a fake /proc with a
 * vanished process and an overlong command line; readings that allocate no read buffers.
 */
import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../harness/chromium/findChromium.ts';
import { OFFLINE_FLAGS } from '../../../harness/chromium/chromiumArgs.ts';
import { readProcessTree } from '../../../harness/soak/processTree.ts';
import { ResourceSampler, type ResourceSample } from '../../../harness/soak/resourceSampler.ts';
import { browserPids, treeUsage } from '../../../harness/soak/treeUsage.ts';

test.skip(process.platform !== 'linux', 'reads /proc');

const children: ChildProcess[] = [];
test.afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** a node child running `code`; resolves with it and its first stdout line */
async function child(code: string): Promise<{ proc: ChildProcess; firstLine: string }> {
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(proc);
  const [chunk] = (await once(proc.stdout!, 'data')) as [Buffer];
  return { proc, firstLine: chunk.toString().split('\n')[0]! };
}

// allocates and touches 50 MiB, reports its own RSS, then spins for at most 20 s, printing its
// own CPU time (process.cpuUsage) every 100 ms so the test can compare the sampler with it
const HOLD_AND_SPIN = `
  const held = Buffer.alloc(50 * 1024 * 1024, 1);
  console.log(JSON.stringify({ rss: process.memoryUsage().rss, held: held.length }));
  const stopAt = Date.now() + 20000;
  const spin = () => {
    const end = Date.now() + 100;
    while (Date.now() < end) {}
    const u = process.cpuUsage();
    console.log(JSON.stringify({ wallMs: Date.now(), cpuUs: u.user + u.system }));
    if (Date.now() < stopAt) setImmediate(spin);
  };
  spin();
`;

test('a child holding 50 MB shows in the tree with its RSS, its executable, its CPU time, and its CPU % while it spins', async () => {
  const { proc, firstLine } = await child(HOLD_AND_SPIN);
  const own: { wallMs: number; cpuUs: number }[] = [];
  let rest = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) if (line.startsWith('{"wallMs"')) own.push(JSON.parse(line) as { wallMs: number; cpuUs: number });
  });
  /** the child's own reports just before `fromMs` and just after `toMs` (waits for the latter, bounded) */
  const bracket = async (fromMs: number, toMs: number) => {
    for (let i = 0; i < 100 && !own.some((r) => r.wallMs >= toMs); i++) await new Promise((r) => setTimeout(r, 50));
    return { before: own.filter((r) => r.wallMs <= fromMs).at(-1)!, after: own.find((r) => r.wallMs >= toMs)! };
  };
  const reported = (JSON.parse(firstLine) as { rss: number }).rss;
  await new Promise((r) => setTimeout(r, 300)); // a first report of the child's CPU time

  const fromMs = Date.now();
  const tree = await readProcessTree(process.pid);
  const { before, after } = await bracket(fromMs, Date.now());
  expect(tree.processes[0]!.pid).toBe(process.pid);
  const me = tree.processes.find((p) => p.pid === proc.pid);
  expect(me).toMatchObject({ ppid: process.pid, comm: 'node', argv0: process.execPath });
  // the VmRSS the child saw itself, give or take what it allocated since (printing, compiling the loop: ~8 MB), and at least the 50 MiB it holds
  expect(me!.rssBytes).toBeGreaterThan(Math.max(50 * 2 ** 20, reported - 5 * 2 ** 20));
  expect(me!.rssBytes).toBeLessThan(reported + 20 * 2 ** 20);
  // utime + stime in ticks of 10 ms: between the child's own process.cpuUsage() just before and just after, less up to
  // two ticks (the kernel truncates utime and stime to a tick each), plus a tick. The reading is synchronous, taken
  // right after `fromMs`, so no later CPU time hides that truncation.
  expect(me!.cpuTicks * 10_000).toBeGreaterThanOrEqual(before.cpuUs - 20_000);
  expect(me!.cpuTicks * 10_000).toBeLessThanOrEqual(after.cpuUs + 10_000);

  const sampler = new ResourceSampler({ rootPid: proc.pid!, periodMs: 1000 });
  const first = await sampler.sample();
  expect(first.harness.cpu_pct).toBeNull();
  await new Promise((r) => setTimeout(r, 2000));
  const second = await sampler.sample();
  expect(second.harness.processes).toBe(1);
  expect(second.browser).toEqual({ cpu_pct: 0, rss_mb: 0, processes: 0 });
  expect(second.harness.rss_mb).toBeGreaterThan(50);
  expect(second.harness.cpu_pct).toBeGreaterThan(0);
  expect(second.harness.cpu_pct).toBeLessThanOrEqual(110);
  // a busy loop is one core: > 50 % whenever the machine gives it most of one (the child's own
  // count says so); on a machine loaded by others the CPU-time bracket above is the test
  const window = await bracket(first.tMs, second.tMs);
  const selfPct = ((window.after.cpuUs - window.before.cpuUs) / (window.after.wallMs - window.before.wallMs) / 1000) * 100;
  if (selfPct > 70) expect(second.harness.cpu_pct, `the child counted ${selfPct.toFixed(0)} % itself`).toBeGreaterThan(50);
  expect(sampler.series.buckets('harness.cpu_pct')).toHaveLength(1);
  expect(sampler.series.buckets('harness.rss_mb')).toHaveLength(2);
});

test('sampling a tree whose busy child exits: the count drops, CPU stays within 0..100 × cores, nothing is negative', async () => {
  // the root sleeps; its child spins for 1.2 s and exits
  const { proc } = await child(`
    const { spawn } = require('node:child_process');
    spawn(process.execPath, ['-e', 'const end = Date.now() + 1200; while (Date.now() < end) {}'], { stdio: 'ignore' });
    console.log('started');
    setTimeout(() => {}, 15000);
  `);
  const samples: ResourceSample[] = [];
  const sampler = new ResourceSampler({ rootPid: proc.pid!, periodMs: 250, onSample: (s) => samples.push(s) });
  sampler.start();
  for (let i = 0; i < 60 && !(samples.some((s) => s.harness.processes === 2) && samples.at(-1)?.harness.processes === 1); i++) await new Promise((r) => setTimeout(r, 100));
  await sampler.stop();
  const counts = samples.map((s) => s.harness.processes);
  expect(counts).toContain(2);
  expect(counts.at(-1)).toBe(1);
  const cpu = samples.flatMap((s) => (s.harness.cpu_pct === null ? [] : [s.harness.cpu_pct]));
  for (const c of cpu) {
    expect(c).toBeGreaterThanOrEqual(0);
    expect(c).toBeLessThanOrEqual(100 * cpus().length + 10);
  }
  // the spinning child was seen working (how much depends on what else the machine runs)
  expect(Math.max(...cpu)).toBeGreaterThan(0);
  expect(sampler.failures).toBe(0);
});

test('a real Chromium: its processes are the browser, this test process is the harness', async () => {
  const found = findChromium();
  test.skip(!found, NO_BROWSER_MESSAGE);
  const browser = await chromium.launch({ executablePath: found!.executablePath, args: [...OFFLINE_FLAGS] });
  try {
    const page = await browser.newPage();
    await page.setContent('<p>soak</p>');
    const tree = await readProcessTree(process.pid);
    const browserSet = browserPids(tree.processes);
    const launched = tree.processes.find((p) => browserSet.has(p.pid) && p.ppid === process.pid);
    expect(launched, `a browser process under ${process.pid}: ${JSON.stringify(tree.processes.map((p) => [p.pid, p.ppid, p.comm]))}`).toBeDefined();
    expect(browserSet.has(process.pid)).toBe(false);
    const usage = treeUsage(undefined, tree, 0);
    // browser, zygote(s), a renderer for the page, GPU / utility processes
    expect(usage.browser.processes).toBeGreaterThanOrEqual(3);
    expect(usage.browser.rss_mb).toBeGreaterThan(30);
    expect(usage.harness.processes).toBeGreaterThanOrEqual(1);
  } finally {
    await browser.close();
  }
});

test('gauges are reported as read, counters as a rate per second (none on the first reading or after a reset), all into the series', async () => {
  let queue = 3;
  let delivered = 1000;
  const sampler = new ResourceSampler({ periodMs: 100, gauges: { 'relay.queue_packets': () => queue }, counters: { 'relay.delivered_per_s': () => delivered } });
  const first = await sampler.sample();
  expect(first.extra).toEqual({ 'relay.queue_packets': 3, 'relay.delivered_per_s': null });
  await new Promise((r) => setTimeout(r, 500));
  queue = 7;
  delivered += 25;
  const second = await sampler.sample();
  expect(second.extra['relay.queue_packets']).toBe(7);
  // 25 packets over ~0.5 s (the event loop may add a little)
  expect(second.extra['relay.delivered_per_s']).toBeGreaterThan(35);
  expect(second.extra['relay.delivered_per_s']).toBeLessThanOrEqual(50.5);
  delivered = 0; // e.g. a relay restarted
  expect((await sampler.sample()).extra['relay.delivered_per_s']).toBeNull();
  expect(sampler.series.names()).toEqual(expect.arrayContaining(['harness.rss_mb', 'harness.cpu_pct', 'relay.queue_packets', 'relay.delivered_per_s']));
  expect(sampler.series.buckets('relay.queue_packets').reduce((n, b) => n + b.count, 0)).toBe(3);
  // this test process itself is in the harness group
  expect(second.harness.processes).toBeGreaterThanOrEqual(1);
  expect(second.harness.rss_mb).toBeGreaterThan(20);
});

/** /proc/PID/stat of a fake process: fields 3..22 with ppid (4), utime (14), stime (15), starttime (22) */
const fakeStat = (pid: number, ppid: number, comm: string, startTicks: number) =>
  `${pid} (${comm}) ${Array.from({ length: 20 }, (_, i) => ({ 3: 'S', 4: ppid, 14: 7, 15: 3, 22: startTicks })[i + 3] ?? 0).join(' ')}\n`;

test('a fake /proc: the root and its descendants, argv[0] of a command line longer than the read buffer, a process gone mid-reading left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-proc-'));
  try {
    const put = (pid: number, files: Record<string, string>) => {
      mkdirSync(join(dir, String(pid)));
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, String(pid), name), text);
    };
    writeFileSync(join(dir, 'uptime'), '1234.56 999.00\n');
    writeFileSync(join(dir, 'self'), ''); // not a pid: ignored
    put(10, { stat: fakeStat(10, 1, 'node', 100), status: 'Name:\tnode\nVmRSS:\t  2048 kB\n', cmdline: '/usr/bin/node\0cli.js\0' });
    // a Chromium command line runs to several KiB; 40 KiB is past the 16 KiB read buffer
    put(11, { stat: fakeStat(11, 10, 'chromium', 200), status: 'VmRSS:\t  4096 kB\n', cmdline: `/usr/lib/chromium/chromium\0${'--flag=x\0'.repeat(4500)}` });
    put(12, { stat: fakeStat(12, 11, 'exited', 300) }); // no status: it exited between listing and reading
    put(13, { stat: fakeStat(13, 1, 'other', 400), status: 'VmRSS:\t 1 kB\n', cmdline: '' }); // not under the root
    const reading = readProcessTree(10, dir);
    expect(reading.uptimeTicks).toBe(123456);
    expect(reading.processes).toEqual([
      { pid: 10, ppid: 1, comm: 'node', argv0: '/usr/bin/node', rssBytes: 2048 * 1024, cpuTicks: 10, startTicks: 100 },
      { pid: 11, ppid: 10, comm: 'chromium', argv0: '/usr/lib/chromium/chromium', rssBytes: 4096 * 1024, cpuTicks: 10, startTicks: 200 },
    ]);
    expect(readProcessTree(99, dir).processes).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readings allocate no read buffers: 200 readings of this tree keep ArrayBuffer memory within 1 MiB (issue #9)', () => {
  // fs.readFile would read each /proc file into two fresh 64 KiB buffers: ~30 MiB per reading of a
  // loaded machine, which creeps the RSS of the process hosting the monitor
  const before = process.memoryUsage().arrayBuffers;
  let peak = before;
  for (let i = 0; i < 200; i++) {
    const tree = readProcessTree(process.pid);
    expect(tree.processes[0]?.pid).toBe(process.pid);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }
  expect(peak - before).toBeLessThan(2 ** 20);
});
