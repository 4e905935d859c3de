/**
 * The submitter in real Chromium, from a page on another 127.0.0.1 origin: a normal submission
 * (CORS preflight for JSON + Authorization, keepalive fetch), and the last-chance beacon when
 * the page navigates away while the submitter waits to retry.
 */
import { test, expect } from '@playwright/test';
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright';
import { OFFLINE_FLAGS } from '../../../harness/chromium/chromiumArgs.ts';
import { findChromium } from '../../../harness/chromium/findChromium.ts';
import { TOKEN, startTestEndpoint, tablePayload, type Started } from '../endpoint/endpointFixture.ts';

const submitterEntry = fileURLToPath(new URL('../../../harness/agent/submitter/submitCallMetrics.ts', import.meta.url));

let browser: Browser;
let pageServer: Server;
let pageUrl: string;

test.beforeAll(async () => {
  const found = findChromium();
  test.skip(!found, 'no Chromium on this machine');
  const bundle = await build({ entryPoints: [submitterEntry], bundle: true, format: 'iife', globalName: 'callsoakSubmitter', write: false, target: 'chrome120' });
  const script = bundle.outputFiles[0]!.text;
  pageServer = createServer((req, res) => {
    if (req.url === '/submitter.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>agent</title><script src="/submitter.js"></script>');
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: found!.executablePath, args: [...OFFLINE_FLAGS] });
});

test.afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
});

let s: Started;
test.beforeEach(async () => {
  s = await startTestEndpoint();
});
test.afterEach(async () => {
  await s.endpoint.close();
});

test('from another origin in Chromium: preflight, then one accepted keepalive POST with the Bearer token', async () => {
  s.endpoint.markCallEnded('c_page', Date.now());
  const page = await browser.newPage();
  await page.goto(pageUrl);
  const result = await page.evaluate(
    ([payload, url, token]) => (window as any).callsoakSubmitter.submitCallMetrics(payload, { url, accessToken: token }),
    [tablePayload('c_page'), s.metricsUrl, TOKEN] as const,
  );
  await page.close();
  expect(result.accepted).toBe(true);
  expect(result.attempts).toHaveLength(1);
  expect(result.attempts[0].bodySha).toMatch(/^[0-9a-f]{64}$/);
  const methods = s.endpoint.allRequests().map((r) => [r.method, r.outcome.status]);
  expect(methods).toEqual([
    ['OPTIONS', 204],
    ['POST', 200],
  ]);
  const post = s.endpoint.requestsFor('c_page')[0]!;
  expect(post.tokenSource).toBe('header');
  expect(post.headers.origin).toBe(pageUrl.replace(/\/$/, ''));
  expect(post.bodySha256).toBe(result.attempts[0].bodySha);
});

for (const how of ['navigates away', 'closes'] as const) {
  test(`the page ${how} while the submitter waits to retry: the same bytes go by beacon, and are accepted`, async () => {
    s.endpoint.markCallEnded('c_leave', Date.now());
    s.endpoint.setFaults({ sequence: ['5xx'] });
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.evaluate(
      ([payload, url, token]) => {
        // not awaited: the page goes away while the submitter sleeps ~20 s before its 2nd attempt
        const opts = { url, accessToken: token, baseDelayMs: 20_000, maxDelayMs: 20_000, totalBudgetMs: 60_000 };
        void (window as any).callsoakSubmitter.submitCallMetrics(payload, opts, { random: () => 0.99 });
      },
      [tablePayload('c_leave'), s.metricsUrl, TOKEN] as const,
    );
    await expect.poll(() => s.endpoint.requestsFor('c_leave').length, { timeout: 5000 }).toBe(1);
    // Leave only once the page has the 500 in hand and the submitter is waiting to retry (a
    // finished resource-timing entry for the POST), not while the attempt is still in flight.
    await expect
      .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('call_metrics') && (e as PerformanceResourceTiming).responseEnd > 0)), { timeout: 5000 })
      .toBe(true);
    if (how === 'closes') await page.close({ runBeforeUnload: true });
    else await page.goto('about:blank');
    await expect.poll(() => s.endpoint.requestsFor('c_leave').length, { timeout: 5000 }).toBe(2);
    if (!page.isClosed()) await page.close();
    const [first, beacon] = s.endpoint.requestsFor('c_leave');
    expect(first!.outcome.status).toBe(500);
    expect(beacon!.outcome).toMatchObject({ status: 200, accepted: true });
    expect(beacon!.tokenSource).toBe('query');
    expect(beacon!.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(beacon!.bodySha256).toBe(first!.bodySha256);
  });
}
