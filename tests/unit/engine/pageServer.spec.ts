/**
 * The call page server (node side): serves the bundled agent over real HTTP on 127.0.0.1, and
 * leaves no esbuild service process behind once it has started (a soak would count it).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startPageServer } from '../../../harness/engine/pageServer.ts';

/** live esbuild processes among this process's children, from /proc (an exited one not yet reaped does not count) */
function esbuildChildren(): number {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
  if (children === '') return 0;
  return children.split(' ').filter((pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'esbuild' && stat[stat.lastIndexOf(')') + 2] !== 'Z';
  }).length;
}

test('page servers started together serve the agent bundle and leave no esbuild process running', async () => {
  const servers = await Promise.all([startPageServer(), startPageServer()]);
  try {
    for (const server of servers) {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await fetch(server.url);
      expect(await page.text()).toContain('<script type="module" src="/agent.js">');
      const agent = await fetch(new URL('agent.js', server.url));
      expect(agent.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect((await agent.text()).length).toBeGreaterThan(10_000);
      expect((await fetch(new URL('missing.js', server.url))).status).toBe(404);
    }
    // esbuild's service exits once its stdin is closed: soon, not at once
    await expect.poll(esbuildChildren, { timeout: 5000 }).toBe(0);
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
});
