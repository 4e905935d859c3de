/**
 * The setup of the report specs that open a rendered report from disk: one Chromium for the
 * file, launched with no network (the spec is skipped where there is none), and a temporary
 * folder to render into; both gone after the file's last test.
 */
import { test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { OFFLINE_FLAGS } from '../../../../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../../harness/chromium/findChromium.ts';

export interface OfflineChromium {
  /** the spec file's browser; set once its beforeAll ran */
  readonly browser: Browser;
  /** the folder the spec file renders into; set once its beforeAll ran */
  readonly dir: string;
}

/** registers the spec file's beforeAll and afterAll; call it at the file's top level */
export function useOfflineChromium(dirPrefix: string): OfflineChromium {
  let browser: Browser | undefined;
  let dir: string | undefined;
  test.beforeAll(async () => {
    const found = findChromium();
    test.skip(!found, NO_BROWSER_MESSAGE);
    browser = await chromium.launch({ executablePath: found!.executablePath, args: [...OFFLINE_FLAGS] });
    dir = mkdtempSync(join(tmpdir(), dirPrefix));
  });
  test.afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get browser() {
      return browser!;
    },
    get dir() {
      return dir!;
    },
  };
}
