/**
 * The soak section as a reader gets it: a synthetic soak run rendered with writeRunReports,
 * opened from disk in real Chromium with no network. Every chart with data is drawn — each
 * line's colour on its canvas, the min..max band as translucent fill of the same colour —
 * with 360 buckets, with exactly 512, with one, with lone buckets between gaps and with series
 * missing; no console or page errors, no request leaves file://. A screenshot of the section
 * is attached.
 */
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright';
import { SOAK_BAND_ALPHA, SOAK_CHARTS } from '../../../harness/report/soakChartDefinitions.ts';
import { writeRunReports } from '../../../harness/report/writeRunReports.ts';
import type { SoakResults } from '../../../harness/results/soakTypes.ts';
import { soakRun, soakSection, soakSeries } from './fixtures/soakFixture.ts';
import { useOfflineChromium } from './support/useOfflineChromium.ts';

const offline = useOfflineChromium('callsoak-soak-report-');

interface Opened {
  page: Page;
  /** console errors and uncaught page errors */
  errors: string[];
  /** URLs the page asked for outside file:// */
  remote: string[];
}

async function open(name: string, soak: SoakResults): Promise<Opened> {
  const paths = writeRunReports(join(offline.dir, name), soakRun(soak));
  const page = await offline.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const remote: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => !r.url().startsWith('file:') && remote.push(r.url()));
  await page.goto(pathToFileURL(paths.html).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  return { page, errors, remote };
}

/** Pixels of a soak chart's canvas within ±tolerance of a colour: opaque (alpha > 200) unless an alpha 0..255 is given. */
async function pixelsOf(page: Page, chartId: string, rgb: [number, number, number], alpha?: number, tolerance = 8): Promise<number> {
  return page.evaluate(
    ({ chartId, rgb, alpha, tolerance }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`figure[data-soak-chart="${chartId}"] canvas`);
      if (!canvas) return -1;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const a = data[i + 3]!;
        if ((alpha === undefined ? a > 200 : Math.abs(a - alpha) <= 3) && Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) n++;
      }
      return n;
    },
    { chartId, rgb, alpha, tolerance },
  );
}

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
const BAND_ALPHA = Math.round(SOAK_BAND_ALPHA * 255);
const CPU_CHART = SOAK_CHARTS.find((c) => c.id === 'soak-cpu')!;
const LATENCY_CHART = SOAK_CHARTS.find((c) => c.id === 'soak-latency')!;

test('2 h of buckets: all six soak charts drawn with their lines and min..max bands, legend quotes the spread, offline, no errors', async ({}, testInfo) => {
  const { page, errors, remote } = await open('two-hours', soakSection(soakSeries(2)));
  await expect(page.locator('#soak figure.chart[data-rendered="true"]')).toHaveCount(SOAK_CHARTS.length);
  for (const chart of SOAK_CHARTS) {
    for (const line of chart.lines) {
      expect(await pixelsOf(page, chart.id, hex(line.color)), `${chart.id}: ${line.label} line`).toBeGreaterThan(20);
    }
  }
  // the noisy series have a visible band: translucent fill in the line's own colour
  for (const [chartId, color] of [['soak-cpu', CPU_CHART.lines[0]!.color], ['soak-latency', LATENCY_CHART.lines[0]!.color]] as const) {
    expect(await pixelsOf(page, chartId, hex(color), BAND_ALPHA, 6), `${chartId}: band`).toBeGreaterThan(500);
  }
  // the band's helper series stay out of the legend: one entry per line plus the time
  await expect(page.locator('figure[data-soak-chart="soak-rss"] .u-legend tr.u-series:visible')).toHaveCount(4);
  const plot = page.locator('figure[data-soak-chart="soak-rss"] .u-over');
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await expect(page.locator('figure[data-soak-chart="soak-rss"] .u-legend tr.u-series').nth(0).locator('.u-value')).toHaveText(/^2026-11-2[45] \d\d:\d\d:\d\d UTC$/);
  await expect(page.locator('figure[data-soak-chart="soak-rss"] .u-legend tr.u-series').nth(1).locator('.u-value')).toHaveText(/^\d+(\.\d+)? MB \(\d+(\.\d+)?–\d+(\.\d+)?\)$/);
  const shot = await page.locator('#soak').screenshot({ path: testInfo.outputPath('soak-section.png') });
  await testInfo.attach('soak-section.png', { body: shot, contentType: 'image/png' });
  expect(errors).toEqual([]);
  expect(remote).toEqual([]);
  await page.close();
});

test('512 buckets, one bucket, lone buckets between gaps and missing series all draw without errors; a chart with no series says so', async () => {
  // 512 readings at 5 s: exactly 512 buckets, the most a series keeps
  const full = soakSeries((512 * 5) / 3600);
  expect(full['calls.active']).toHaveLength(512);
  const opened = [await open('full', soakSection(full)), await open('one', soakSection(soakSeries(5 / 3600)))];
  for (const { page, errors } of opened) {
    await expect(page.locator('#soak figure.chart[data-rendered="true"]')).toHaveCount(SOAK_CHARTS.length);
    for (const chart of SOAK_CHARTS) expect(await pixelsOf(page, chart.id, hex(chart.lines[0]!.color)), `${chart.id}: ${chart.lines[0]!.label}`).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.close();
  }

  // a series with a bucket only now and then (e.g. latency: no submission in between): each alone between gaps, drawn as a point
  const sparse = { 'endpoint.latency_ms': full['endpoint.latency_ms']!.filter((_, i) => i % 3 === 0) };
  const alone = await open('sparse', soakSection(sparse));
  expect(await pixelsOf(alone.page, 'soak-latency', hex(LATENCY_CHART.lines[0]!.color))).toBeGreaterThan(100);
  expect(alone.errors).toEqual([]);
  await alone.page.close();

  const some = soakSeries(0.5);
  delete some['harness.cpu_pct'];
  delete some['relay.queue_packets'];
  delete some['endpoint.latency_ms'];
  const { page, errors } = await open('missing', soakSection(some, { checks: [] }));
  await expect(page.locator('#soak figure.chart[data-rendered="true"]')).toHaveCount(SOAK_CHARTS.length - 1);
  await expect(page.locator('figure[data-soak-chart="soak-latency"].empty')).toContainText('No data: this run recorded none of endpoint.latency_ms.');
  await expect(page.locator('figure[data-soak-chart="soak-cpu"]')).toContainText('Not recorded: harness.cpu_pct');
  await expect(page.locator('#soak')).toContainText('No run-level soak checks were recorded.');
  expect(await pixelsOf(page, 'soak-relay', hex(SOAK_CHARTS.find((c) => c.id === 'soak-relay')!.lines[0]!.color))).toBeGreaterThan(20);
  expect(errors).toEqual([]);
  await page.close();
});
