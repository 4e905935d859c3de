/**
 * Pages shared by many call participants (node side, one pool per soak worker). A page per
 * participant costs a renderer process and an audio output stream each, which is most of what
 * a Chromium peer costs at concurrency (~11 % of a core per call, see bench/soak-capacity.ts);
 * one page hosting many peer connections is how a plain WebRTC page, and the capacity bench's
 * reference, holds its calls.
 *
 * New participants go into the current page. After `retireAfter` of them the page is retired:
 * it takes no more and closes with its last agent, and the next participant opens a fresh page,
 * so hours of churn do not accumulate in one renderer.
 */
import type { Browser } from 'playwright';
import { AgentPage } from './agentPage.ts';
import type { Device } from './callPeer.ts';

export interface SharedAgentPagesOptions {
  /** the page server's URL */
  pageUrl: string;
  /** participants a page hosts over its life before a fresh one takes over; default 200 */
  retireAfter?: number;
}

export class SharedAgentPages {
  /** every participant of a shared page has both devices granted (a side that needs another permission gets its own page) */
  readonly permissions: Device[] = ['microphone', 'camera'];
  /** pages opened so far */
  opened = 0;
  private current: Promise<AgentPage> | undefined;
  private readonly pages = new Set<AgentPage>();
  private readonly retireAfter: number;
  private closed = false;

  constructor(
    private readonly browser: Browser,
    private readonly options: SharedAgentPagesOptions,
  ) {
    this.retireAfter = options.retireAfter ?? 200;
    if (!Number.isInteger(this.retireAfter) || this.retireAfter < 1) throw new RangeError(`SharedAgentPages: retireAfter must be an integer >= 1, got ${this.retireAfter}`);
  }

  /** The page the next participant goes into (opened when there is none, or the last one is spent or gone). */
  async acquire(): Promise<AgentPage> {
    if (this.closed) throw new Error('shared pages are closed');
    const pending = this.current;
    const page = pending ? await pending.catch(() => undefined) : undefined;
    if (page && !page.isGone() && page.hosted < this.retireAfter) return page;
    // Participants that arrive together wait for the same new page rather than each opening one.
    if (this.current === pending) {
      page?.retire();
      this.current = this.openPage();
    }
    return this.current!;
  }

  /** pages open now */
  get openPages(): number {
    return [...this.pages].filter((page) => !page.isGone()).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pages].map((page) => page.close()));
    this.pages.clear();
  }

  private async openPage(): Promise<AgentPage> {
    const page = await AgentPage.open(this.browser, { pageUrl: this.options.pageUrl, permissions: this.permissions });
    this.opened++;
    this.pages.add(page);
    page.page.once('close', () => this.pages.delete(page));
    return page;
  }
}
