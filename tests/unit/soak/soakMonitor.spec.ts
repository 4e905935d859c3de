/**
 * The soak monitor's resources file (soak/resources.json), which a soak stopped by a second
 * signal is reported from: written series by series (see SoakMonitor.flush for why), it must
 * hold exactly what the monitor reports at the end.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoakMonitor } from '../../../harness/soak/soakMonitor.ts';
import { SOAK_FILES, type SoakPlan } from '../../../harness/plan/soakPlan.ts';

test('the resources file a forced stop reads is the monitor report, series and checks', async () => {
  const runDir = mkdtempSync(join(tmpdir(), 'callsoak-monitor-'));
  const plan: SoakPlan = { durationS: 60, calls: 1, workers: 1, cycle: ['any'], pages: 'shared', sampleWindow: 10, maxMemorySlopeMbPerH: 1, startedAtMs: Date.now() };
  const monitor = new SoakMonitor(runDir, plan, process.pid);
  monitor.start();
  // the first reading is taken at start, on this test's own process tree
  await expect.poll(() => Object.keys(monitor.snapshot().series).length).toBeGreaterThan(0);
  const reported = await monitor.stop();
  const written: unknown = JSON.parse(readFileSync(join(runDir, SOAK_FILES.resources), 'utf8'));
  expect(written).toEqual(reported);
  expect(Object.keys(reported.series)).toEqual(expect.arrayContaining(['harness.rss_mb', 'harness.cli.rss_mb', 'browser.processes']));
  expect(reported.series['harness.rss_mb']![0]!.count).toBe(1);
  expect(reported.checks.map((c) => c.id)).toEqual(['soak.memory_slope.harness', 'soak.memory_slope.browser']);
});
