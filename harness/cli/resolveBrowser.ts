/**
 * Finds the browser for a run, installing Debian's chromium when allowed (node side).
 */
import { BrowserNotFoundError, findChromium, NO_BROWSER_MESSAGE, type ChromiumInfo } from '../chromium/findChromium.ts';
import { canInstallWithApt, installChromiumWithApt } from '../chromium/installChromium.ts';
import { UsageError } from '../exit/exitCodes.ts';

export function resolveBrowser(browserPath: string | undefined, log: (line: string) => void): ChromiumInfo {
  let found: ChromiumInfo | undefined;
  try {
    found = findChromium(browserPath);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) throw new UsageError(error.message);
    throw error;
  }
  if (found) return found;
  if (canInstallWithApt() && installChromiumWithApt(log)) {
    found = findChromium(browserPath);
    if (found) return found;
  }
  throw new UsageError(NO_BROWSER_MESSAGE);
}
