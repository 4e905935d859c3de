import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumArgs } from './harness/browser/chromiumArgs.ts';
import { readPlan } from './harness/runner/runPlan.ts';

/**
 * The product's Playwright Test configuration: each scenario call is one test
 * (harness/runner/calls.spec.ts). `callsoak run` resolves a plan (scenarios, browser, media,
 * options) and starts Playwright Test with this file; sharding, retries and traces are
 * Playwright's own.
 */
const plan = readPlan();
const talkSeconds = Math.max(...plan.scenarios.map((s) => plan.options.talkSeconds ?? s.talkSeconds ?? 10), 10);

export default defineConfig({
  testDir: './harness/runner',
  testMatch: 'calls.spec.ts',
  outputDir: join(plan.runDir, 'playwright'),
  fullyParallel: true,
  // Audio calls mostly wait: three workers keep two cores busy without starving playout.
  workers: plan.options.workers ?? 3,
  retries: 0,
  // A call's own phases have their own timeouts; this is the outer bound of a whole call, ms.
  timeout: (talkSeconds + 120) * 1000,
  reporter: [['./harness/runner/resultsReporter.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: plan.browser.executablePath, args: chromiumArgs(plan.media.path) },
    trace: 'retain-on-failure',
  },
});
