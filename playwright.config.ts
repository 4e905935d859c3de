import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumArgs } from './harness/chromium/chromiumArgs.ts';
import { readPlan } from './harness/plan/runPlan.ts';

/**
 * The product's Playwright Test configuration: each scenario call is one test
 * (harness/runner/worker/calls.spec.ts). `callsoak run` resolves a plan (scenarios, browser, media,
 * options) and starts Playwright Test with this file; sharding, retries and traces are
 * Playwright's own.
 */
const plan = readPlan();
const talkSeconds = Math.max(...plan.scenarios.map((s) => plan.options.talkSeconds ?? s.talkSeconds ?? 10), 10);
/** `callsoak soak`: one long test per worker holding its call slots (harness/runner/worker/soak.spec.ts) */
const soak = plan.soak;

export default defineConfig({
  testDir: './harness/runner/worker',
  testMatch: soak ? 'soak.spec.ts' : 'calls.spec.ts',
  outputDir: join(plan.runDir, 'playwright'),
  fullyParallel: true,
  // Audio calls mostly wait: three workers keep two cores busy without starving playout.
  workers: soak ? soak.workers : (plan.options.workers ?? 3),
  retries: 0,
  // A call's own phases have their own timeouts; this is the outer bound of a whole call, ms.
  timeout: ((soak ? soak.durationS : talkSeconds) + 180) * 1000,
  reporter: [[soak ? './harness/runner/reporter/soakReporter.ts' : './harness/runner/reporter/resultsReporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: plan.browser.executablePath, args: chromiumArgs(plan.media.path) },
    // A trace of hours of calls would grow without bound: soaks keep none.
    trace: soak ? 'off' : 'retain-on-failure',
  },
});
