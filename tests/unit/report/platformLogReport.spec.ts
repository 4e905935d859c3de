/**
 * A call's platform log in the HTML report, as a reader gets it: rendered from the fixture run
 * with a platform log added to one call, opened from disk in real Chromium. The webhooks table
 * has a row per delivery attempt, the Graph requests table a row per request, the edge's SDP
 * sits in collapsible blocks, and text from the log (an error, an answer, SDP) stays text.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeRunReports } from '../../../harness/report/writeRunReports.ts';
import type { CallResult, RunResults } from '../../../harness/results/resultsTypes.ts';
import { attempt, callLog, callsRequest, webhook } from '../engine/support/platformLogBuilder.ts';
import { useOfflineChromium } from './support/useOfflineChromium.ts';

const fixture = () => JSON.parse(readFileSync(new URL('./fixtures/results.json', import.meta.url), 'utf8')) as RunResults<CallResult>;
const EVIL = '</pre></script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

const offline = useOfflineChromium('callsoak-platform-report-');

test("a call's platform log: webhooks per attempt, Graph requests, the edge's SDP folded, hostile text kept as text", async () => {
  const log = callLog('business_terminate');
  log.webhooks.push(webhook(3, 'terminate', [attempt(1, 5, 403, 2, `HTTP 403 ${EVIL}`)], 'forged'));
  log.webhooks[0] = webhook(1, 'connect', [attempt(1, 0.1, 500, 12, 'HTTP 500'), attempt(2, 0.612)]);
  log.requests.splice(2, 0, callsRequest('terminate', 10.5, { status: 400, afterMs: 2000, fault: 'delay 2000 ms', response: `{"error":{"message":"(#100) Call already terminated ${EVIL}"}}` }));
  log.edge.renegotiation = `v=0\r\na=x-note:${EVIL}\r\n`;
  log.edge.differences = ['no ICE restarts'];
  const results = fixture();
  results.calls[0]!.platform = log;
  const paths = writeRunReports(join(offline.dir, 'platform'), results);

  const page = await offline.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.goto(pathToFileURL(paths.html).href);
  await page.click('#expand-all');
  const call = page.locator('details[data-call="0"]');
  await expect(call.locator('h3', { hasText: 'Platform' })).toHaveCount(1);

  const webhookRows = call.locator('table.platform-webhooks tbody tr');
  await expect(webhookRows).toHaveCount(4);
  const cells = async (row: number) => (await webhookRows.nth(row).locator('td').allInnerTexts()).map((t) => t.trim());
  expect(await cells(0)).toEqual(['1', 'connect', 'real', '1', '+0.100 s', '500', '12 ms', 'HTTP 500', 'delivered']);
  expect(await cells(1)).toEqual(['1', 'connect', 'real', '2', '+0.612 s', '200', '15 ms', '', 'delivered']);
  expect(await cells(2)).toEqual(['2', 'terminate', 'real', '1', '+10.030 s', '200', '15 ms', '', 'delivered']);
  expect(await cells(3)).toEqual(['3', 'terminate', 'forged', '1', '+5.000 s', '403', '2 ms', `HTTP 403 ${EVIL}`, 'failed']);

  const requestRows = call.locator('table.platform-requests tbody tr');
  await expect(requestRows).toHaveCount(4); // in arrival order
  const request = async (row: number) => (await requestRows.nth(row).locator('td').allInnerTexts()).map((t) => t.trim());
  expect(await request(0)).toEqual(['+0.300 s', '20 ms', 'POST', 'accept /v21.0/PAGE_1/calls', '200', '', '{"success":true}']);
  expect(await request(3)).toEqual(['+10.500 s', '2000 ms', 'POST', 'terminate /v21.0/PAGE_1/calls', '400', 'delay 2000 ms', `{"error":{"message":"(#100) Call already terminated ${EVIL}"}}`]);
  expect((await request(2)).slice(0, 5)).toEqual(['+10.400 s', '5 ms', 'POST', '/v21.0/PAGE_1/call_metrics', '200']);

  const sdp = call.locator('details.sdp');
  await expect(sdp.locator('summary')).toHaveText(["The edge's SDP answer", "The edge's renegotiation offer (sent with the answer)"]);
  await expect(sdp.nth(1).locator('pre')).toBeHidden(); // folded until opened
  await sdp.nth(1).locator('summary').click();
  await expect(sdp.nth(1).locator('pre')).toContainText(`a=x-note:${EVIL}`);
  await expect(call.locator('.platform-log')).toContainText('How the emulated edge differs from Meta\'s:no ICE restarts');
  await expect(call.locator('.platform-log dl')).toContainText('business_terminate');

  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  // the other calls have no platform log, so no such section
  await expect(page.locator('details[data-call="1"] .platform-log')).toHaveCount(0);
  expect(errors).toEqual([]);
  await page.close();
});
