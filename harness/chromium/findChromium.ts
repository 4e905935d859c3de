/**
 * Finds the Chromium the calls run in (node side, no browser started here).
 *
 * Order: an explicit path (`--browser-path` / CALLSOAK_CHROMIUM) → Playwright's own
 * Chromium when the user installed it → a system Chromium or Chrome on PATH. Playwright's
 * download is unreachable on some machines (ours among them), which is why system browsers
 * are first-class rather than a fallback of last resort.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright';

export interface ChromiumInfo {
  /** absolute path of the browser executable */
  executablePath: string;
  /** where it came from: 'override' | 'playwright' | 'system' */
  source: 'override' | 'playwright' | 'system';
  /** product name as the binary reports it, e.g. 'Chromium' or 'Google Chrome' */
  name: string;
  /** dotted version, e.g. '156.0.8078.73'; 'unknown' when the binary does not say */
  version: string;
}

/** Binary names tried on PATH, most specific first. */
export const SYSTEM_CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'chrome',
] as const;

/** The environment variable that overrides discovery, like `--browser-path`. */
export const CHROMIUM_ENV = 'CALLSOAK_CHROMIUM';

export class BrowserNotFoundError extends Error {
  override name = 'BrowserNotFoundError';
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Asks the binary for its version; `chromium --version` prints e.g. "Chromium 156.0.8078.73 built on Debian …". */
export function readBrowserVersion(executablePath: string): { name: string; version: string } {
  try {
    const out = execFileSync(executablePath, ['--version'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const match = /^(.*?)\s+(\d+(?:\.\d+)+)/m.exec(out.trim());
    if (match) return { name: match[1]!.trim(), version: match[2]! };
    return { name: 'Chromium', version: 'unknown' };
  } catch {
    return { name: 'Chromium', version: 'unknown' };
  }
}

function playwrightChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) && isExecutable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns the browser to use, or undefined when there is none.
 * @param override a path from `--browser-path`; falls back to CALLSOAK_CHROMIUM
 * @throws BrowserNotFoundError when an override is given but is not an executable file
 */
export function findChromium(override?: string, env: NodeJS.ProcessEnv = process.env): ChromiumInfo | undefined {
  const explicit = override ?? env[CHROMIUM_ENV];
  if (explicit) {
    if (!isExecutable(explicit)) {
      const from = override ? '--browser-path' : CHROMIUM_ENV;
      throw new BrowserNotFoundError(`${from}: ${explicit} is not an executable file`);
    }
    return { executablePath: explicit, source: 'override', ...readBrowserVersion(explicit) };
  }
  const own = playwrightChromium();
  if (own) return { executablePath: own, source: 'playwright', ...readBrowserVersion(own) };
  for (const name of SYSTEM_CHROMIUM_NAMES) {
    const path = onPath(name, env.PATH);
    if (path) return { executablePath: path, source: 'system', ...readBrowserVersion(path) };
  }
  return undefined;
}

/** The one message a user sees when no browser exists and callsoak may not install one. */
export const NO_BROWSER_MESSAGE = [
  'No Chromium found (looked for Playwright\'s Chromium and for ' + SYSTEM_CHROMIUM_NAMES.join(', ') + ' on PATH).',
  'Install one, then run the command again:',
  '  Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  any OS:         npx playwright install chromium',
  `or point ${CHROMIUM_ENV}=/path/to/chrome (or --browser-path) at a Chromium or Chrome binary.`,
].join('\n');
