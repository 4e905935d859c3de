/**
 * One call participant as a Chromium page in its own browser context (node side), so
 * permissions and storage can differ per side.
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { AgentEvent, AgentInit } from '../page/agentProtocol.ts';
import type { Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import { EventLog } from './eventLog.ts';

export interface ChromiumPeerOptions {
  role: Role;
  /** the page server's URL */
  pageUrl: string;
  init: AgentInit;
  /** false = the context has no microphone permission, so getUserMedia rejects */
  grantMicrophone: boolean;
  /** called for every signaling message the agent sends */
  onSignal: (envelope: SignalEnvelope) => Promise<void>;
  /** called synchronously for every event, before the page's emit resolves */
  onEvent?: (event: AgentEvent) => void;
}

export class ChromiumPeer {
  readonly events = new EventLog<AgentEvent>();
  readonly samples: AudioSample[] = [];
  /** messages the page logged to its console, for the call's record */
  readonly console: string[] = [];

  private constructor(
    readonly role: Role,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, options: ChromiumPeerOptions): Promise<ChromiumPeer> {
    const context = await browser.newContext({ permissions: options.grantMicrophone ? ['microphone'] : [] });
    const page = await context.newPage();
    const peer = new ChromiumPeer(options.role, context, page);
    page.on('console', (message) => peer.console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => peer.console.push(`pageerror: ${error.message}`));
    await page.exposeBinding('callsoakSignal', (_source, envelope: SignalEnvelope) => options.onSignal(envelope));
    await page.exposeBinding('callsoakEmit', (_source, event: AgentEvent) => {
      if (event.type === 'sample') peer.samples.push(event.sample);
      else peer.events.push(event);
      options.onEvent?.(event);
    });
    await page.goto(options.pageUrl);
    await page.waitForFunction(() => typeof window.callsoak === 'object');
    await page.evaluate((init) => window.callsoak.init(init), options.init);
    return peer;
  }

  call(): Promise<void> {
    return this.page.evaluate(() => window.callsoak.call());
  }

  answer(): Promise<void> {
    return this.page.evaluate(() => window.callsoak.answer());
  }

  hangUp(): Promise<void> {
    return this.page.evaluate(() => window.callsoak.hangUp());
  }

  /** Hands a message to the agent without waiting for it to be processed. */
  deliver(envelope: SignalEnvelope): Promise<void> {
    return this.page.evaluate((e) => window.callsoak.onSignal(e), envelope);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
  }
}
