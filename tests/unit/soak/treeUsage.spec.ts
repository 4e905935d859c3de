/**
 * The pure half of resource tracking: /proc/PID/stat parsing (names with spaces and
 * parentheses), which processes are the browser's, and CPU % between two readings when
 * processes appear, vanish or reuse a pid — never negative, never huge.
 */
import { test, expect } from '@playwright/test';
import type { ProcessInfo, ProcessTreeReading } from '../../../harness/soak/processTree.ts';
import { parseStat, parseStatusRss } from '../../../harness/soak/processTree.ts';
import { browserPids, treeUsage } from '../../../harness/soak/treeUsage.ts';

test('parseStat takes comm up to the LAST parenthesis, then ppid, utime + stime and starttime', () => {
  const line = '4242 (we (i)rd) na me) S 17 4242 4242 0 -1 4194560 100 0 0 0 123 45 0 0 20 0 1 0 98765 1000 200 18446744073709551615\n';
  expect(parseStat(line)).toEqual({ pid: 4242, comm: 'we (i)rd) na me', ppid: 17, cpuTicks: 168, startTicks: 98765 });
  expect(parseStat('garbage')).toBeUndefined();
  expect(parseStatusRss('Name:\tnode\nVmRSS:\t   51200 kB\nThreads: 7\n')).toBe(51200 * 1024);
  expect(parseStatusRss('Name:\tkworker\n')).toBe(0);
});

const proc = (pid: number, ppid: number, comm: string, cpuTicks: number, startTicks: number, rssMb = 10, argv0 = ''): ProcessInfo => ({
  pid,
  ppid,
  comm,
  argv0,
  cpuTicks,
  startTicks,
  rssBytes: rssMb * 2 ** 20,
});

test('the browser is Chromium by name and everything below it; node processes, even above it, are the harness', () => {
  const processes = [
    proc(100, 1, 'node', 0, 0),
    proc(101, 100, 'node', 0, 0, 10, '/usr/bin/node'),
    proc(200, 101, 'chromium', 0, 0, 10, '/usr/lib/chromium/chromium'),
    proc(201, 200, 'chromium', 0, 0), // zygote
    proc(202, 201, 'ThreadPoolForeg', 0, 0), // a renamed helper: counted by ancestry
    proc(300, 101, 'headless_shell', 0, 0),
    proc(400, 100, 'chrome_crashpad', 0, 0),
    proc(500, 100, 'sh', 0, 0, 10, '/opt/pw/chrome-linux/chrome'), // named by its executable
  ];
  expect([...browserPids(processes)].sort((a, b) => a - b)).toEqual([200, 201, 202, 300, 400, 500]);
});

test('CPU % between readings: Δ ticks over Δt; new, vanished and reused pids never give negative or huge values', () => {
  // uptime 1000 s; 5 s later 1005 s; 100 ticks per second
  const before: ProcessTreeReading = {
    uptimeTicks: 100_000,
    processes: [proc(10, 1, 'node', 5000, 50, 100), proc(11, 10, 'node', 900, 60, 50), proc(12, 10, 'chromium', 2000, 70, 300), proc(13, 12, 'chromium', 40_000, 80, 80)],
  };
  const after: ProcessTreeReading = {
    uptimeTicks: 100_500,
    processes: [
      proc(10, 1, 'node', 5250, 50, 101), // +250 ticks in 5 s = 50 %
      // 11 vanished: not counted
      proc(12, 10, 'chromium', 2400, 70, 310), // +400 = 80 %
      proc(13, 12, 'chromium', 30, 100_200, 90), // pid 13 reused by a new process that started inside the interval: its 30 ticks count
      proc(14, 12, 'chromium', 70_000, 90, 20), // older than the previous reading but missed by it: a baseline, 0
    ],
  };
  const usage = treeUsage(before, after, 5000);
  expect(usage.harness).toEqual({ cpu_pct: 50, rss_mb: 101, processes: 1 });
  expect(usage.browser.cpu_pct).toBeCloseTo(((400 + 30) / 500) * 100, 9);
  expect(usage.browser).toMatchObject({ rss_mb: 420, processes: 3 });
  // the first reading has no interval
  expect(treeUsage(undefined, after, 0).browser.cpu_pct).toBeNull();
  // a tick counter that went backwards for the same (pid, start) is clamped, not negative
  const back = treeUsage(after, { uptimeTicks: 101_000, processes: [proc(10, 1, 'node', 5000, 50)] }, 5000);
  expect(back.harness.cpu_pct).toBe(0);
});

test("the harness's memory by depth under the root: the root, its children, theirs; browser processes left out wherever they are", () => {
  const reading: ProcessTreeReading = {
    uptimeTicks: 0,
    processes: [
      proc(10, 1, 'node', 0, 0, 120), // the CLI (root)
      proc(11, 10, 'node', 0, 0, 140), // the runner
      proc(12, 11, 'node', 0, 0, 170), // a worker
      proc(13, 11, 'node', 0, 0, 175), // a worker
      proc(14, 12, 'chromium', 0, 0, 300), // a worker's browser: not the harness
      proc(15, 14, 'node', 0, 0, 50), // below the browser: the browser's
      proc(16, 13, 'node', 0, 0, 60), // a Node peer
      proc(17, 16, 'sh', 0, 0, 2), // a peer's child: depth 4
    ],
  };
  const usage = treeUsage(undefined, reading, 0);
  expect(usage.harnessRssByDepth_mb).toEqual([120, 140, 345, 60, 2]);
  expect(usage.harnessRssByDepth_mb.reduce((a, b) => a + b, 0)).toBe(usage.harness.rss_mb);
  // a process whose parent is not in the reading counts as the root's level; no root, no depths
  expect(treeUsage(undefined, { uptimeTicks: 0, processes: [proc(20, 1, 'node', 0, 0, 30), proc(21, 99, 'node', 0, 0, 5)] }, 0).harnessRssByDepth_mb).toEqual([35]);
  expect(treeUsage(undefined, { uptimeTicks: 0, processes: [] }, 0).harnessRssByDepth_mb).toEqual([]);
});

test("external business mode: the integration's shell and everything below it are the business group, even a Chromium it runs; the rest stays as it was", () => {
  const before: ProcessTreeReading = {
    uptimeTicks: 100_000,
    processes: [proc(10, 1, 'node', 1000, 50, 100), proc(20, 10, 'node', 100, 60, 40) /* the watchdog */, proc(21, 20, 'sh', 10, 61, 2), proc(22, 21, 'node', 2000, 62, 70), proc(30, 10, 'chromium', 500, 70, 300)],
  };
  const after: ProcessTreeReading = {
    uptimeTicks: 100_500,
    processes: [
      proc(10, 1, 'node', 1100, 50, 100),
      proc(20, 10, 'node', 105, 60, 40),
      proc(21, 20, 'sh', 10, 61, 2),
      proc(22, 21, 'node', 2250, 62, 80), // the integration's server: +250 ticks in 5 s = 50 %
      proc(23, 22, 'chromium', 50, 100_100, 200), // its own agent console browser, started in the interval
      proc(30, 10, 'chromium', 600, 70, 300),
    ],
  };
  const usage = treeUsage(before, after, 5000, 100, 21);
  expect(usage.business).toEqual({ cpu_pct: 60, rss_mb: 282, processes: 3 });
  expect(usage.browser).toEqual({ cpu_pct: 20, rss_mb: 300, processes: 1 });
  // the watchdog is callsoak's: the harness keeps it, and its depths leave the integration out
  expect(usage.harness).toEqual({ cpu_pct: 21, rss_mb: 140, processes: 2 });
  expect(usage.harnessRssByDepth_mb).toEqual([100, 40]);
  // without a business root there is no business group; once the integration is gone it has no processes
  expect(treeUsage(before, after, 5000, 100).business).toBeUndefined();
  expect(treeUsage(after, { uptimeTicks: 101_000, processes: [proc(10, 1, 'node', 1100, 50, 100)] }, 5000, 100, 21).business).toEqual({ cpu_pct: 0, rss_mb: 0, processes: 0 });
});
