/**
 * The HTML report as a reader gets it: rendered from the fixture run into a folder, opened
 * from disk in real Chromium with no network. No console or page errors; every chart with
 * data is drawn (its series' colour is on the canvas, impairment windows are shaded, the
 * call's end is marked); charts without data say why. Screenshots are attached.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright';
import { CHARTS, END_LINE_COLOR } from '../../../harness/report/chartDefinitions.ts';
import { chartData } from '../../../harness/report/chartData.ts';
import { writeRunReports } from '../../../harness/report/writeRunReports.ts';
import type { CallResult, RunResults } from '../../../harness/results/resultsTypes.ts';
import { evaluateThresholds } from '../../../harness/thresholds/evaluateThresholds.ts';
import { useOfflineChromium } from './support/useOfflineChromium.ts';

const fixture = () => JSON.parse(readFileSync(new URL('./fixtures/results.json', import.meta.url), 'utf8')) as RunResults<CallResult>;
const TAGS = { 'hangup-call': ['smoke'], 'packet-loss-10': ['impairment'], 'ice-blocked': ['impairment'] };

const offline = useOfflineChromium('callsoak-report-');

interface Opened {
  page: Page;
  /** console errors and uncaught page errors */
  errors: string[];
  /** every URL the page asked for */
  requests: string[];
}

async function open(htmlPath: string): Promise<Opened> {
  const page = await offline.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(htmlPath).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { page, errors, requests };
}

/** Pixels of the chart's canvas within ±tolerance of a colour: opaque (alpha > 200) unless an alpha 0..255 is given. */
async function pixelsOf(page: Page, callIndex: number, chartId: string, rgb: [number, number, number], tolerance = 8, alpha?: number): Promise<number> {
  return page.evaluate(
    ({ callIndex, chartId, rgb, tolerance, alpha }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`details[data-call="${callIndex}"] figure[data-chart="${chartId}"] canvas`);
      if (!canvas) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const a = data[i + 3]!;
        if ((alpha === undefined ? a > 200 : Math.abs(a - alpha) <= 3) && Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) n++;
      }
      return n;
    },
    { callIndex, chartId, rgb, tolerance, alpha },
  );
}

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
/** the impairment fill, rgba(214, 150, 40, 0.16), on the transparent canvas (the page's white shows through) */
const SHADE: [number, number, number] = [214, 150, 40];
const SHADE_ALPHA = Math.round(0.16 * 255);

test('the fixture run opens offline in Chromium: no errors, every chart with data drawn, shading and call end visible', async ({}, testInfo) => {
  const results = fixture();
  const thresholds = evaluateThresholds(results, { 'audio.jitter_ms': ['p(95)<30'], 'audio.loss_pct{scenario:packet-loss-10}': ['avg<1'], 'submission.latency_ms': ['max<2000'] }, TAGS);
  const paths = writeRunReports(offline.dir, results, { thresholds });
  const html = readFileSync(paths.html, 'utf8');
  // one self-contained file: no external script, stylesheet or image
  expect(html).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)=/i);

  const { page, errors, requests } = await open(paths.html);
  await testInfo.attach('report-top.png', { body: await page.screenshot(), contentType: 'image/png' });
  await page.click('#expand-all');
  await expect(page.locator('details.call:not([open])')).toHaveCount(0);

  // what the data says each call should show: a drawn chart where a series has a value, a note where none has
  const expected = results.calls.map((call: CallResult, i) => {
    const data = chartData(call, i);
    return CHARTS.map((chart) => ({ chart, lines: chart.lines.filter((l) => data.series[l.series].some((v) => v !== null)), data }));
  });
  // every chart has a main line
  expect(CHARTS.filter((c) => !c.lines.some((l) => !l.reference))).toEqual([]);
  const drawn = expected.flat().filter((e) => e.lines.length > 0).length;
  expect(drawn).toBe(15); // 7 + 7 for the calls with media, packets/s (0 received) for the one without
  await expect(page.locator('figure.chart[data-rendered="true"]')).toHaveCount(drawn);
  await expect(page.locator('figure.chart.empty')).toHaveCount(CHARTS.length * 3 - drawn);
  await expect(page.locator('details[data-call="2"] figure.chart.empty').first()).toContainText('No data: no sample had an inbound-rtp report: no audio packet arrived.');

  for (const [callIndex, charts] of expected.entries()) {
    for (const { chart, lines, data } of charts) {
      if (lines.length === 0) continue;
      // a reference line (packets sent, ICE RTT) may lie exactly under the main line; the main one must show
      for (const line of lines.filter((l) => !l.reference)) {
        expect(await pixelsOf(page, callIndex, chart.id, hex(line.color)), `${chart.id} of call ${callIndex + 1}: ${line.label} line`).toBeGreaterThan(20);
      }
      expect(await pixelsOf(page, callIndex, chart.id, hex(END_LINE_COLOR)), `${chart.id} of call ${callIndex + 1}: call end`).toBeGreaterThan(10);
      const shaded = await pixelsOf(page, callIndex, chart.id, SHADE, 6, SHADE_ALPHA);
      if (data.impairments.length > 0) expect(shaded, `${chart.id} of call ${callIndex + 1}: impairment shading`).toBeGreaterThan(500);
      else expect(shaded, `${chart.id} of call ${callIndex + 1}: no impairment, no shading`).toBe(0);
    }
  }

  // the submission timeline is an SVG with one mark per attempt
  await expect(page.locator('details[data-call="1"] svg.timeline circle')).toHaveCount(2);
  await expect(page.locator('details[data-call="2"]')).toContainText('No submission reached the endpoint (the agent built no payload).');
  // thresholds name the metric, the limit and the measured value
  await expect(page.locator('#thresholds')).toContainText('audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call');

  await testInfo.attach('report-full.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect(errors).toEqual([]);
  expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
  await page.close();
});

test('hostile strings stay text: a scenario and messages with </script>, HTML and quotes neither break nor run', async () => {
  const results = fixture();
  const evil = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  const call = results.calls[1]!;
  call.scenario = `loss ${evil}`;
  call.checks[0]!.message = `found ${evil} & "quotes" 'too'`;
  call.endCallSubreason = evil;
  call.impairments = [{ role: 'consumer', direction: 'up', fromS: 5, toS: 11, label: evil }];
  const paths = writeRunReports(join(offline.dir, 'hostile'), results);
  const { page, errors } = await open(paths.html);
  await page.click('#expand-all');
  await expect(page.locator('details[data-call="1"] figure.chart[data-rendered="true"]')).toHaveCount(7);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('#overview')).toContainText(`loss ${evil}`);
  await expect(page.locator('details[data-call="1"]')).toContainText(`found ${evil} & "quotes" 'too'`);
  expect(await page.locator('img').count()).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

test('a results.json with only the required fields renders without errors; an empty run says so', async () => {
  const bare: RunResults = {
    schemaVersion: 1,
    run: { id: 'bare', startedAt: '2026-11-24T12:00:00.000Z', finishedAt: '2026-11-24T12:00:05.000Z', seed: 1, status: 'failed', browser: { name: 'Chromium', version: '156' } },
    calls: [{ scenario: 'minimal', callId: 'c_min', expectedEndCallReason: 'Hangup_Call', endCallReason: null, talkSeconds: 0, payload: null, submissions: [], checks: [], samples: [] }],
    summary: { calls: 1, passed: 0, failed: 1 },
  };
  const paths = writeRunReports(join(offline.dir, 'bare'), bare);
  const { page, errors } = await open(paths.html);
  await expect(page.locator('details.call[open]')).toHaveCount(1); // a single call starts open
  await expect(page.locator('figure.chart.empty')).toHaveCount(CHARTS.length);
  await expect(page.locator('figure.chart.empty').first()).toContainText('No data: no getStats samples were taken.');
  await expect(page.locator('details.call')).toContainText('No checks were recorded for this call.');
  expect(errors).toEqual([]);
  await page.close();

  const empty = writeRunReports(join(offline.dir, 'empty'), { ...bare, calls: [], summary: { calls: 0, passed: 0, failed: 0 } });
  const opened = await open(empty.html);
  await expect(opened.page.locator('#overview')).toContainText('This run has no calls.');
  expect(opened.errors).toEqual([]);
  await opened.page.close();
});
