/**
 * The call page server (node side): serves the bundled agent over real HTTP on 127.0.0.1, and
 * leaves no esbuild service process behind once it has started (a soak would count it).
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startPageServer } from '../../../harness/server/pageServer.ts';

/** names of this process's child processes, from /proc */
function childNames(): string[] {
  const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
  return children === '' ? [] : children.split(' ').map((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
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
    expect(childNames()).not.toContain('esbuild');
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
});
