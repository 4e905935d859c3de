import { defineConfig } from '@playwright/test';
import { chromiumUse } from 'callsoak/test';

/**
 * A team's Playwright config: callsoak finds the Chromium (Playwright's own, a system one, or
 * CALLSOAK_CHROMIUM) and gives it the fake microphone and offline flags calls need.
 */
export default defineConfig({
  testDir: './tests',
  // a call opens two pages, talks, hangs up and waits for its submission: give it room
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  use: { ...chromiumUse() },
});
