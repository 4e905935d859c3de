/**
 * Shared call pages on a real Chromium (a soak's pool): participants arriving together go into
 * one page, each with its own <audio>; a page that reached its quota is retired and closes with
 * its last agent; a crash of a shared page is reported to every agent it hosted, and the next
 * participant gets a fresh page.
 */
import { test, expect } from '@playwright/test';
import { chromium } from 'playwright';
import { DEFAULT_BEHAVIOUR, type AgentInit } from '../../../harness/agent/agentProtocol.ts';
import { chromiumArgs } from '../../../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../harness/chromium/findChromium.ts';
import type { AgentHandlers } from '../../../harness/engine/agentPage.ts';
import { SharedAgentPages } from '../../../harness/engine/sharedAgentPages.ts';
import { ensureSpeechWav } from '../../../harness/cli/speechWav.ts';
import { startPageServer } from '../../../harness/engine/pageServer.ts';

const consumer = (callId: string): AgentInit => ({
  role: 'consumer',
  callId,
  iceServers: [],
  iceTransportPolicy: 'all',
  timeOriginMs: Date.now(),
  sampleIntervalMs: 1000,
  sampleBatchMs: 0,
  transform: 'spec',
  submitter: 'default',
  behaviour: { ...DEFAULT_BEHAVIOUR },
});

test('agents share a page up to its quota, a retired page closes with its last agent, a crash reaches every agent of the page', async () => {
  const found = findChromium();
  test.skip(!found, NO_BROWSER_MESSAGE);
  const server = await startPageServer();
  const browser = await chromium.launch({ executablePath: found!.executablePath, args: chromiumArgs(ensureSpeechWav().path) });
  const pool = new SharedAgentPages(browser, { pageUrl: server.url, retireAfter: 2 });
  const events: string[] = [];
  const handlers = (name: string): AgentHandlers => ({
    onSignal: async () => {},
    onEmit: (event) => events.push(`${name} ${event.type}`),
    onGone: (why) => events.push(`${name} gone: ${why}`),
  });
  try {
    const [first, second] = await Promise.all([pool.acquire(), pool.acquire()]);
    expect(second).toBe(first);
    const a1 = await first.add(consumer('c1'), handlers('a1'));
    const a2 = await first.add(consumer('c2'), handlers('a2'));
    expect(await first.page.locator('audio').count()).toBe(2);
    expect(events).toEqual(expect.arrayContaining(['a1 ready', 'a2 ready']));

    // the quota is reached: the next participant opens a fresh page
    const fresh = await pool.acquire();
    expect(fresh).not.toBe(first);
    expect(pool.opened).toBe(2);
    await fresh.add(consumer('c3'), handlers('a3'));
    await fresh.add(consumer('c4'), handlers('a4'));

    // the retired page lives while it hosts an agent, and closes with the last one
    await first.remove(a1);
    expect(first.page.isClosed()).toBe(false);
    expect(await first.page.locator('audio').count()).toBe(1);
    await first.remove(a2);
    expect(first.page.isClosed()).toBe(true);
    expect(pool.openPages).toBe(1);
    // taking an agent out is not its page going away
    expect(events.filter((e) => e.includes('gone'))).toEqual([]);

    // a renderer crash is every hosted agent's; the next participant gets a new page
    const crashed = fresh.page.waitForEvent('crash');
    const cdp = await fresh.context.newCDPSession(fresh.page);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
    expect(events.filter((e) => e.includes('gone'))).toEqual(['a3 gone: page crashed', 'a4 gone: page crashed']);
    const after = await pool.acquire();
    expect(after).not.toBe(fresh);
    expect(after.isGone()).toBe(false);
  } finally {
    await pool.close();
    await browser.close();
    await server.close();
  }
});
