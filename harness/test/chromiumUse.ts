/**
 * What a team's playwright.config.ts puts in `use` so Playwright's browser can carry calls
 * (node side, at config time): the Chromium callsoak finds (Playwright's own, a system one, or
 * CALLSOAK_CHROMIUM) and the flags every callsoak Chromium starts with — the fake microphone
 * playing callsoak's speech WAV, autoplay, and no network but loopback.
 */
import type { LaunchOptions } from '@playwright/test';
import { chromiumArgs } from '../chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../chromium/findChromium.ts';
import { ensureSpeechWav } from '../cli/speechWav.ts';

export interface ChromiumUse {
  browserName: 'chromium';
  /** always true: calls need no window */
  headless: boolean;
  /** executablePath and args; add your own args after callsoak's */
  launchOptions: LaunchOptions;
}

/**
 * @param browserPath a Chromium or Chrome binary; default: CALLSOAK_CHROMIUM, then what callsoak finds
 * @throws Error saying how to install one when there is no Chromium
 */
export function chromiumUse(browserPath?: string): ChromiumUse {
  const found = findChromium(browserPath);
  if (!found) throw new Error(NO_BROWSER_MESSAGE);
  return { browserName: 'chromium', headless: true, launchOptions: { executablePath: found.executablePath, args: chromiumArgs(ensureSpeechWav().path) } };
}
