/**
 * Opens a team's web agent console (`--business-page URL`) in callsoak's Chromium, as its agent
 * would open it: a context of its own with the microphone allowed (the browser was launched with
 * the fake microphone, autoplay and loopback flags), every RTCPeerConnection observed from
 * before the page's first script. One console for all the worker's calls, as an agent keeps one
 * open all day.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import { observePeerConnections, type PeerConnectionObserver } from './observePeerConnections.ts';

/** How long the console may take to load, ms. */
const LOAD_MS = 30_000;
/** Console lines kept (the newest), for the results of the calls it takes. */
const MAX_CONSOLE_LINES = 2000;

export interface AgentConsole {
  page: Page;
  observer: PeerConnectionObserver;
  /** the observer's time origin, ms since the Unix epoch */
  originMs: number;
  /** the page's console and uncaught errors, newest last */
  lines: string[];
  close(): Promise<void>;
}

export async function openAgentConsole(browser: Browser, url: string): Promise<AgentConsole> {
  const context: BrowserContext = await browser.newContext({ permissions: ['microphone'] });
  try {
    const originMs = Date.now();
    const observer = await observePeerConnections(context, { timeOriginMs: originMs });
    const page = await context.newPage();
    const lines: string[] = [];
    const keep = (line: string) => {
      lines.push(line);
      if (lines.length > MAX_CONSOLE_LINES) lines.splice(0, lines.length - MAX_CONSOLE_LINES);
    };
    page.on('console', (message) => keep(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => keep(`pageerror: ${error.message}`));
    const response = await page.goto(url, { timeout: LOAD_MS }).catch((error: Error) => {
      throw new Error(`--business-page ${url} did not load: ${error.message.split('\n')[0]}`);
    });
    if (response && !response.ok()) throw new Error(`--business-page ${url} answered HTTP ${response.status()}`);
    return { page, observer, originMs, lines, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
