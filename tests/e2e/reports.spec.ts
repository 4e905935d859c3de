/**
 * What a run leaves for people and CI: index.html (opens offline and draws its charts),
 * junit.xml and summary.md beside results.json, and thresholds that turn a breach into exit 3
 * naming the metric, the threshold and the measured value.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { OFFLINE_FLAGS } from '../../harness/chromium/chromiumArgs.ts';
import { findChromium } from '../../harness/chromium/findChromium.ts';
import { runCli } from '../support/runCli.ts';

test('a breached threshold exits 3; the run directory holds index.html with drawn charts, junit.xml and summary.md', async ({}, testInfo) => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-report-run-'));
  const thresholds = join(out, '..', `thresholds-${process.pid}.json`);
  writeFileSync(thresholds, JSON.stringify({ 'audio.jitter_buffer_delay_ms': ['avg<1'], 'audio.packets_received': ['min>10'] }));
  const { code, stderr } = await runCli(['run', '--scenario', 'hangup-call', '--talk-seconds', '4', '--out', out, '--thresholds', thresholds]);
  expect(code, stderr).toBe(3);
  expect(stderr).toMatch(/^threshold audio\.jitter_buffer_delay_ms avg<1 breached: avg = [\d.]+ ms over 1 call$/m);
  expect(stderr).not.toContain('audio.packets_received'); // kept thresholds are not reported as breaches
  for (const file of ['results.json', 'index.html', 'junit.xml', 'summary.md', 'thresholds.json']) expect(existsSync(join(out, file)), file).toBe(true);
  expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/audio\.jitter_buffer_delay_ms/);
  expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<testcase [^>]*name="hangup-call/);

  const browser = await chromium.launch({ executablePath: findChromium()!.executablePath, args: [...OFFLINE_FLAGS] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const remote: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && remote.push(r.url()));
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    // every chart canvas that has data has ink on it
    const inked = await page.evaluate(() =>
      [...document.querySelectorAll('canvas')].filter((c) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) return true;
        return false;
      }).length,
    );
    expect(inked).toBeGreaterThanOrEqual(5);
    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
    await expect(page.getByText('audio.jitter_buffer_delay_ms').first()).toBeVisible();
    await testInfo.attach('report.png', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  } finally {
    await browser.close();
  }
});

test('callsoak report re-renders a run directory; a missing one is a usage error', async () => {
  const missing = await runCli(['report', join(tmpdir(), 'no-such-run-dir-callsoak')]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/no-such-run-dir-callsoak/);
  expect(missing.stderr).not.toMatch(/\n\s+at /);
});

test('every run is recorded in the history; --compare-to last-green on a first night says there is no baseline and passes', async () => {
  const history = mkdtempSync(join(tmpdir(), 'callsoak-history-'));
  const out = mkdtempSync(join(tmpdir(), 'callsoak-first-night-'));
  const { code, stderr } = await runCli(['run', '--scenario', 'ignore-call', '--history', history, '--compare-to', 'last-green', '--out', out]);
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/^compare: no green run in history .* before \S+ sharing a scenario with it/m);
  const listed = await runCli(['history', 'list', '--history', history]);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(/passed/);
});
