/**
 * One call participant as an agent in a Chromium page (node side). Usually the page is its own,
 * in its own browser context, so permissions and storage differ per side; in a soak that shares
 * pages it is one of several agents of a page (sharedAgentPages.ts), and what acts on a whole
 * page — crash, close, navigate, deny — is refused (the scenario's sides that need those get a
 * page of their own: scenario/pageSharingRules.ts). Everything the timeline does to a
 * participant — place, answer, mute, crash, close — goes through here.
 */
import type { Browser } from 'playwright';
import type { AgentEvent, AgentInit } from '../agent/agentProtocol.ts';
import type { HangupCode, Role, SignalEnvelope } from '../signaling/signalTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import { AgentPage, type AgentHandlers } from './agentPage.ts';
import { recordEvent, type CallPeer, type CallPeerOptions, type Device } from './callPeer.ts';
import { EventLog } from './eventLog.ts';
import type { SharedAgentPages } from './sharedAgentPages.ts';

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
  private permissions: Device[];

  private constructor(
    readonly name: string,
    readonly role: Role,
    private readonly host: AgentPage,
    private readonly agentId: string,
    /** the page is this participant's alone */
    readonly ownPage: boolean,
    permissions: Device[],
  ) {
    this.permissions = permissions;
  }

  get version(): string {
    return this.host.version;
  }

  /** what the page logged to its console (a shared page's lines are every agent's) */
  get console(): string[] {
    return this.host.console;
  }

  /** Opens the participant in a page of its own, in a browser context of its own. */
  static async open(browser: Browser, options: ChromiumPeerOptions): Promise<ChromiumPeer> {
    const host = await AgentPage.open(browser, { pageUrl: options.pageUrl, permissions: options.permissions });
    try {
      return await ChromiumPeer.start(host, true, options);
    } catch (error) {
      await host.close();
      throw error;
    }
  }

  /** Opens the participant as one more agent of a shared page. */
  static async openShared(pages: SharedAgentPages, options: Omit<ChromiumPeerOptions, 'pageUrl' | 'permissions'>): Promise<ChromiumPeer> {
    return ChromiumPeer.start(await pages.acquire(), false, { ...options, pageUrl: '', permissions: pages.permissions });
  }

  private static async start(host: AgentPage, ownPage: boolean, options: ChromiumPeerOptions): Promise<ChromiumPeer> {
    let peer: ChromiumPeer | undefined;
    const early: AgentEvent[] = [];
    const handlers: AgentHandlers = {
      onSignal: (envelope) => options.onSignal(envelope),
      onEmit: (event) => {
        if (!peer) early.push(event);
        else recordEvent(peer, event, options);
      },
      onGone: (why) => options.onGone?.(`${options.name} ${why}`),
    };
    const agentId = await host.add(options.init, handlers);
    peer = new ChromiumPeer(options.name, options.role, host, agentId, ownPage, options.permissions);
    for (const event of early) recordEvent(peer, event, options);
    return peer;
  }

  isGone(): boolean {
    return this.host.isGone();
  }

  call(): Promise<void> {
    return this.host.run(this.agentId, 'call', null);
  }

  pickUp(): Promise<void> {
    return this.host.run(this.agentId, 'pickUp', null);
  }

  sendDtmf(digits: string): Promise<void> {
    return this.host.run(this.agentId, 'sendDtmf', digits);
  }

  placeCall(psid: string): Promise<void> {
    return this.host.run(this.agentId, 'placeCall', psid);
  }

  answer(): Promise<void> {
    return this.host.run(this.agentId, 'answer');
  }

  decline(): Promise<void> {
    return this.host.run(this.agentId, 'decline');
  }

  hangUp(code?: HangupCode): Promise<void> {
    return this.host.run(this.agentId, 'hangUp', code ?? null);
  }

  mute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.host.run(this.agentId, 'mute', method);
  }

  unmute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    return this.host.run(this.agentId, 'unmute', method);
  }

  deliver(envelope: SignalEnvelope): Promise<void> {
    return this.host.deliver(this.agentId, envelope);
  }

  /** Takes a device permission away from this side's browser context. */
  async deny(device: Device): Promise<void> {
    this.ownPageFor('deny');
    this.permissions = this.permissions.filter((d) => d !== device);
    await this.host.context.clearPermissions();
    if (this.permissions.length > 0) await this.host.context.grantPermissions(this.permissions);
  }

  /** Kills the page's renderer, as a crash would; returns once Playwright saw it die. */
  async crash(): Promise<void> {
    this.ownPageFor('crash');
    const page = this.host.page;
    const crashed = page.waitForEvent('crash', { timeout: 10_000 });
    const cdp = await this.host.context.newCDPSession(page);
    // The CDP session dies with the renderer, so its answer never comes: do not wait for it.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
  }

  /** Closes the tab the way a user does (beforeunload and pagehide run); returns once it is closed. */
  async closePage(): Promise<void> {
    this.ownPageFor('close');
    const page = this.host.page;
    const closed = page.waitForEvent('close', { timeout: 10_000 });
    await page.close({ runBeforeUnload: true });
    await closed;
  }

  async navigateAway(): Promise<void> {
    this.ownPageFor('navigate');
    await this.host.page.goto('about:blank');
  }

  async close(): Promise<void> {
    if (this.ownPage) await this.host.close();
    else await this.host.remove(this.agentId);
  }

  /** A step that acts on the whole page would hit every agent of a shared one. */
  private ownPageFor(step: string): void {
    if (!this.ownPage) throw new Error(`${this.name}: '${step}' acts on a whole page, and this participant shares one (scenario/pageSharingRules.ts gives such sides their own)`);
  }
}
