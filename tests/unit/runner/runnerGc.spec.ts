/**
 * The soak runner's scheduled full collection (harness/runner/reporter/runnerGc.ts): one forced full
 * collection per period while it runs, none after the stop, and no `gc` leaking into this context.
 */
import { test, expect } from '@playwright/test';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { collectGarbagePeriodically } from '../../../harness/runner/reporter/runnerGc.ts';

/** forced major collections seen while `body` runs */
async function forcedMajorGcs(body: () => Promise<void>): Promise<number> {
  const seen: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  await body();
  await new Promise((resolve) => setTimeout(resolve, 50)); // entries are delivered asynchronously
  observer.disconnect();
  const detail = (e: PerformanceEntry) => (e as PerformanceEntry & { detail: { kind: number; flags: number } }).detail;
  return seen.filter((e) => detail(e).kind === constants.NODE_PERFORMANCE_GC_MAJOR && (detail(e).flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0).length;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

test('a full collection every period until stopped, with gc exposed to no one else', async () => {
  let stop = () => {};
  const running = await forcedMajorGcs(async () => {
    stop = collectGarbagePeriodically(100);
    await sleep(550);
  });
  // 5 ticks in 550 ms; a busy machine may delay one
  expect(running).toBeGreaterThanOrEqual(3);
  expect(running).toBeLessThanOrEqual(6);
  stop();
  await sleep(100); // the last tick's entry may still be on its way
  expect(await forcedMajorGcs(() => sleep(300))).toBe(0);
  expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
});
