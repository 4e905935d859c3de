/**
 * A call page and the agents it hosts (node side): one browser context, one page, the two
 * bindings every agent of the page talks back through (routed by agent id), the page's
 * console. A participant either has a page of its own (its own context, so permissions and
 * storage are its own; crash, close, navigate and deny act on it alone) or shares one with
 * other participants (soak: see sharedAgentPages.ts).
 */
import type { Browser, BrowserContext, Page } from 'playwright';
import type { AgentCommand, AgentEvent, AgentInit } from '../agent/agentProtocol.ts';
import type { SignalEnvelope } from '../signaling/signalTypes.ts';
import type { Device } from './callPeer.ts';

/** lines of page console output kept (a page that logs every second for hours must not grow the harness) */
const MAX_CONSOLE_LINES = 500;

/** What the page tells the harness about one of its agents. */
export interface AgentHandlers {
  /** a signaling message the agent sends */
  onSignal(envelope: SignalEnvelope): Promise<void>;
  /** an event or stats sample the agent emits; called before the agent's emit resolves */
  onEmit(event: AgentEvent): void;
  /** the page crashed or closed under the agent */
  onGone(why: string): void;
}

export class AgentPage {
  /** what the page logged to its console: every agent of the page shares it */
  readonly console: string[] = [];
  /** agents added over the page's life (a shared page is retired after some number) */
  hosted = 0;
  /** the pool opens no more agents here; the page closes when its last agent leaves (retire()) */
  private retired = false;
  private readonly agents = new Map<string, AgentHandlers>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly version: string,
  ) {}

  /** Opens a context and a page on the page server, with the bindings installed, ready for agents. */
  static async open(browser: Browser, options: { pageUrl: string; permissions: Device[] }): Promise<AgentPage> {
    const context = await browser.newContext({ permissions: options.permissions });
    try {
      const page = await context.newPage();
      const host = new AgentPage(context, page, `Chromium ${browser.version()}`);
      page.on('console', (message) => host.log(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => host.log(`pageerror: ${error.message}`));
      page.on('crash', () => host.goneAll('page crashed'));
      page.on('close', () => host.goneAll('page closed'));
      await page.exposeBinding('callsoakSignal', (_source, agentId: string, envelope: SignalEnvelope) =>
        host.agents.get(agentId)?.onSignal(envelope),
      );
      await page.exposeBinding('callsoakEmit', (_source, agentId: string, event: AgentEvent) => host.agents.get(agentId)?.onEmit(event));
      await page.goto(options.pageUrl);
      await page.waitForFunction(() => typeof window.callsoak === 'object');
      return host;
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** agents in the page now */
  get agentCount(): number {
    return this.agents.size;
  }

  /** Starts an agent in the page; resolves with its id once it is ready. */
  async add(init: AgentInit, handlers: AgentHandlers): Promise<string> {
    const id = `a${++this.hosted}`;
    this.agents.set(id, handlers);
    try {
      await this.page.evaluate(([agentId, agentInit]) => window.callsoak.add(agentId, agentInit), [id, init] as const);
    } catch (error) {
      this.agents.delete(id);
      throw error;
    }
    return id;
  }

  run(agentId: string, command: AgentCommand, arg: string | null = null): Promise<void> {
    return this.page.evaluate(([id, c, a]) => window.callsoak.run(id, c, a), [agentId, command, arg] as const);
  }

  /** Hands a message to an agent without waiting for it to be processed. */
  async deliver(agentId: string, envelope: SignalEnvelope): Promise<void> {
    if (this.page.isClosed()) return;
    await this.page.evaluate(([id, e]) => window.callsoak.agent(id).onSignal(e), [agentId, envelope] as const).catch(() => undefined);
  }

  /** the page can no longer report: it closed, crashed or navigated away */
  isGone(): boolean {
    return this.page.isClosed() || this.page.url() === 'about:blank';
  }

  /**
   * Takes an agent out of the page (its call is over; nothing more of it is reported). A retired
   * page closes with its last agent.
   */
  async remove(agentId: string): Promise<void> {
    if (!this.agents.delete(agentId)) return;
    if (this.retired && this.agents.size === 0) {
      await this.close();
      return;
    }
    if (!this.isGone()) await this.page.evaluate((id) => window.callsoak.remove(id), agentId).catch(() => undefined);
  }

  /** No more agents come here: the page closes now if empty, else with its last agent (remove()). */
  retire(): void {
    this.retired = true;
    if (this.agents.size === 0) void this.close();
  }

  async close(): Promise<void> {
    this.agents.clear();
    await this.context.close().catch(() => undefined);
  }

  private log(line: string): void {
    if (this.console.length < MAX_CONSOLE_LINES) this.console.push(line);
  }

  private goneAll(why: string): void {
    for (const handlers of [...this.agents.values()]) handlers.onGone(why);
  }
}
