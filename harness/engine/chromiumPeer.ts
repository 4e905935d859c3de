/**
 * One call participant as a Chromium page in its own browser context (node side), so
 * permissions and storage differ per side. Everything the timeline does to a participant —
 * place, answer, mute, crash, close — goes through here.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { AgentEvent, AgentInit } from '../agent/agentProtocol.ts';
import type { HangupCode, Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import { recordSample, type CallPeer, type CallPeerOptions, type Device } from './callPeer.ts';
import { EventLog } from './eventLog.ts';

/** lines of page console output kept */
const MAX_CONSOLE_LINES = 500;

export interface ChromiumPeerOptions extends CallPeerOptions {
  /** the page server's URL */
  pageUrl: string;
  init: AgentInit;
  /** device permissions the context starts with */
  permissions: Device[];
}

export class ChromiumPeer implements CallPeer {
  readonly runtime = 'chromium';
  readonly events = new EventLog<AgentEvent>();
  readonly samples: AudioSample[] = [];
  /** what the page logged to its console */
  readonly console: string[] = [];
  private permissions: Device[];

  private constructor(
    readonly name: string,
    readonly role: Role,
    readonly context: BrowserContext,
    readonly page: Page,
    permissions: Device[],
    readonly version: string,
  ) {
    this.permissions = permissions;
  }

  static async open(browser: Browser, options: ChromiumPeerOptions): Promise<ChromiumPeer> {
    const context = await browser.newContext({ permissions: options.permissions });
    const page = await context.newPage();
    const peer = new ChromiumPeer(options.name, options.role, context, page, options.permissions, `Chromium ${browser.version()}`);
    page.on('console', (message) => peer.log(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => peer.log(`pageerror: ${error.message}`));
    page.on('crash', () => options.onGone?.(`${options.name} page crashed`));
    page.on('close', () => options.onGone?.(`${options.name} page closed`));
    await page.exposeBinding('callsoakSignal', (_source, envelope: SignalEnvelope) => options.onSignal(envelope));
    await page.exposeBinding('callsoakEmit', (_source, event: AgentEvent) => {
      if (event.type === 'sample') recordSample(peer.samples, event.sample, options);
      else peer.events.push(event);
      options.onEvent?.(event);
    });
    await page.goto(options.pageUrl);
    await page.waitForFunction(() => typeof window.callsoak === 'object');
    await page.evaluate((init) => window.callsoak.init(init), options.init);
    return peer;
  }

  isGone(): boolean {
    return this.page.isClosed() || this.page.url() === 'about:blank';
  }

  /** Keeps the first MAX_CONSOLE_LINES lines: a page that logs every second for hours must not grow the harness. */
  private log(line: string): void {
    if (this.console.length < MAX_CONSOLE_LINES) this.console.push(line);
  }

  call(joinCallId?: string): Promise<void> {
    return this.page.evaluate((id) => window.callsoak.call(id ?? undefined), joinCallId ?? null);
  }

  answer(): Promise<void> {
    return this.page.evaluate(() => window.callsoak.answer());
  }

  decline(): Promise<void> {
    return this.page.evaluate(() => window.callsoak.decline());
  }

  hangUp(code?: HangupCode): Promise<void> {
    return this.page.evaluate((c) => window.callsoak.hangUp(c ?? undefined), code ?? null);
  }

  mute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.page.evaluate((m) => window.callsoak.mute(m), method);
  }

  unmute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.page.evaluate((m) => window.callsoak.unmute(m), method);
  }

  /** Hands a message to the agent without waiting for it to be processed. */
  async deliver(envelope: SignalEnvelope): Promise<void> {
    if (this.page.isClosed()) return;
    await this.page.evaluate((e) => window.callsoak.onSignal(e), envelope).catch(() => undefined);
  }

  /** Takes a device permission away from this side's browser context. */
  async deny(device: Device): Promise<void> {
    this.permissions = this.permissions.filter((d) => d !== device);
    await this.context.clearPermissions();
    if (this.permissions.length > 0) await this.context.grantPermissions(this.permissions);
  }

  /** Kills the page's renderer, as a crash would; returns once Playwright saw it die. */
  async crash(): Promise<void> {
    const crashed = this.page.waitForEvent('crash', { timeout: 10_000 });
    const cdp = await this.context.newCDPSession(this.page);
    // The CDP session dies with the renderer, so its answer never comes: do not wait for it.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
  }

  /** Closes the tab the way a user does (beforeunload and pagehide run); returns once it is closed. */
  async closePage(): Promise<void> {
    const closed = this.page.waitForEvent('close', { timeout: 10_000 });
    await this.page.close({ runBeforeUnload: true });
    await closed;
  }

  async navigateAway(): Promise<void> {
    await this.page.goto('about:blank');
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
