/**
 * The pure parts of the soak engine: durations, how long each call of a slot talks, folding the
 * workers' telemetry into series, and finding a run's leftover processes.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDuration } from '../../../harness/schema/parseDuration.ts';
import { nextTalkSeconds } from '../../../harness/soak/soakSlot.ts';
import type { SoakPlan } from '../../../harness/plan/soakPlan.ts';
import { BucketSeriesGroup } from '../../../harness/soak/bucketSeriesGroup.ts';
import { foldSoakTelemetry } from '../../../harness/soak/soakTelemetry.ts';
import { runProcesses, RUN_ENV } from '../../../harness/cli/leftoverProcesses.ts';

test('durations as written on a command line', () => {
  expect(parseDuration('90s')).toBe(90);
  expect(parseDuration('10m')).toBe(600);
  expect(parseDuration('2h')).toBe(7200);
  expect(parseDuration('1h30m')).toBe(5400);
  for (const bad of ['', '10', 'm', '1.5h', '10 m', '30m1h', '-5m']) expect(parseDuration(bad), bad).toBeUndefined();
});

const plan = (over: Partial<SoakPlan> = {}): SoakPlan => ({ durationS: 600, calls: 4, workers: 2, cycle: ['hangup-call'], pages: 'shared', sampleWindow: 120, maxMemorySlopeMbPerH: 1, startedAtMs: 0, ...over });

test('each call of a slot talks for the churn interval, the first ones staggered, none past the deadline', () => {
  // no churn: the whole soak, less the time to end and submit
  expect(nextTalkSeconds(plan(), 0, 0, 0)).toBe(595);
  // churn 60 s over 4 slots: first calls end at 15, 30, 45, 60 s, one at a time
  expect([0, 1, 2, 3].map((slot) => nextTalkSeconds(plan({ churnS: 60 }), slot, 0, 0))).toEqual([15, 30, 45, 60]);
  expect(nextTalkSeconds(plan({ churnS: 60 }), 0, 1, 15_000)).toBe(60);
  // near the deadline a call is shortened; too near, none starts
  expect(nextTalkSeconds(plan({ churnS: 60 }), 0, 9, 560_000)).toBe(35);
  expect(nextTalkSeconds(plan({ churnS: 60 }), 0, 9, 592_000)).toBe(0);
});

test("workers' relay counters become summed rates per time slot; a cut last line is skipped", () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-telemetry-'));
  mkdirSync(join(dir, 'soak', 'telemetry'), { recursive: true });
  mkdirSync(join(dir, 'endpoint'));
  const line = (tMs: number, worker: number, relayed: number, scheduled: number, active: number) => JSON.stringify({ tMs, worker, activeCalls: active, relay: { relayed, scheduled, allocations: 2 * active } });
  writeFileSync(join(dir, 'soak', 'telemetry', 'w1.ndjson'), [line(5000, 1, 0, 1, 2), line(10_000, 1, 1000, 3, 2), line(15_000, 1, 2000, 0, 2)].join('\n') + '\n');
  writeFileSync(join(dir, 'soak', 'telemetry', 'w2.ndjson'), [line(5001, 2, 0, 0, 1), line(10_001, 2, 500, 1, 1), '{"tMs": 15001, "wor'].join('\n'));
  writeFileSync(join(dir, 'endpoint', 'requests-w0-1.jsonl'), JSON.stringify({ receivedAtMs: 12_000, respondedAtMs: 12_003, handlingMs: 2.5 }) + '\n');
  const group = new BucketSeriesGroup({ originMs: 0, initialBucketMs: 5000 });
  foldSoakTelemetry(dir, group);
  const means = (name: string) => group.buckets(name).map((b) => b.mean);
  expect(means('relay.packets_per_s')).toEqual([300, 200]); // (1000 + 500) / 5 s, then 1000 / 5 s from worker 1 alone
  expect(means('calls.active')).toEqual([3, 3, 2]);
  expect(means('relay.queue_packets')).toEqual([1, 4, 0]);
  expect(means('endpoint.latency_ms')).toEqual([2.5]);
});

test("the workers' memory settings come from each worker's first telemetry line, without repeats; a run without them has none", () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-flags-'));
  const telemetry = join(dir, 'soak', 'telemetry');
  mkdirSync(telemetry, { recursive: true });
  const line = (tMs: number, execArgv?: string[]) => JSON.stringify({ tMs, worker: 1, activeCalls: 1, relay: {}, ...(execArgv ? { memorySettings: execArgv } : {}) });
  const pinned = ['--min-semi-space-size=16', '--max-semi-space-size=16'];
  writeFileSync(join(telemetry, 'w1.ndjson'), [line(5000, pinned), line(10_000)].join('\n') + '\n');
  writeFileSync(join(telemetry, 'w2.ndjson'), [line(5001, [...pinned, '--inspect']), '{"tMs": 10001, "memorySettings": ["--cut'].join('\n'));
  const workerMemorySettings = (runDir: string) => foldSoakTelemetry(runDir, new BucketSeriesGroup({ originMs: 0, initialBucketMs: 5000 })).memorySettings;
  expect(workerMemorySettings(dir)).toEqual([...pinned, '--inspect']);
  expect(workerMemorySettings(mkdtempSync(join(tmpdir(), 'callsoak-flags-none-')))).toEqual([]);
});

test("a run's leftover processes are found by the run id in their environment, whoever their parent is", async () => {
  const runId = `test-${process.pid}-${Date.now()}`;
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { env: { ...process.env, [RUN_ENV]: runId }, stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  try {
    expect(runProcesses(runId)).toEqual([child.pid]);
    expect(runProcesses(`${runId}-other`)).toEqual([]);
  } finally {
    child.kill('SIGKILL');
  }
});
