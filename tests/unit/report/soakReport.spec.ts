/**
 * A soak run's reports, from a synthetic 2-hour soak whose buckets come from the harness's own
 * BucketSeriesGroup: the chart data the page draws (one axis per chart, gaps and mixed bucket
 * widths), the HTML soak section (facts, run-level checks, chart data embedded, placed before
 * the call table), the summary.md block, and the run status a failed soak check gives.
 */
import { test, expect } from '@playwright/test';
import { EXIT } from '../../../harness/exit/exitCodes.ts';
import { renderReportHtml } from '../../../harness/report/html/renderReportHtml.ts';
import { renderMarkdownSummary } from '../../../harness/report/markdownSummary.ts';
import { resultsProblems } from '../../../harness/report/readRunDir.ts';
import { soakChartData, type SoakReportData } from '../../../harness/report/soakChartData.ts';
import { runStatus } from '../../../harness/results/writeResults.ts';
import type { Bucket } from '../../../harness/soak/bucketSeries.ts';
import { runExitCode } from '../../../harness/thresholds/runExitCode.ts';
import { MEMORY_FAILED, MEMORY_OK, MEMORY_NO_VERDICT, SOAK_START_MS, soakRun, soakSection, soakSeries } from './fixtures/soakFixture.ts';

const TWO_HOURS = soakSeries(2);

/** the JSON the page script reads */
function embedded(html: string): { calls: unknown[]; soak: SoakReportData | null } {
  const json = /<script type="application\/json" id="callsoak-data">(.*?)<\/script>/s.exec(html)?.[1];
  expect(json).toBeDefined();
  return JSON.parse(json!) as { calls: unknown[]; soak: SoakReportData | null };
}
/** what a reader sees of an HTML fragment: text without tags, entities decoded */
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const middleS = (b: Bucket) => (b.startMs + b.endMs) / 2000;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

test('chart data: 2 h of 5-s readings → 360 buckets of 20 s per series; one axis per chart, mean/min/max per line', () => {
  const rss = TWO_HOURS['browser.rss_mb']!;
  expect(rss).toHaveLength(360);
  expect(rss[0]!.endMs - rss[0]!.startMs).toBe(20_000);
  const data = soakChartData({ series: TWO_HOURS });
  expect(data.empty).toEqual([]);
  expect(data.charts.map((c) => [c.id, c.lines.map((l) => l.series)])).toEqual([
    ['soak-cpu', ['browser.cpu_pct', 'harness.cpu_pct', 'business.cpu_pct']],
    ['soak-rss', ['browser.rss_mb', 'harness.rss_mb', 'business.rss_mb']],
    ['soak-harness-rss', ['harness.cli.rss_mb', 'harness.runner.rss_mb', 'harness.workers.rss_mb', 'harness.peers.rss_mb']],
    ['soak-relay', ['relay.packets_per_s', 'relay.queue_packets']],
    ['soak-latency', ['endpoint.latency_ms']],
    ['soak-active', ['calls.active', 'relay.allocations']],
  ]);
  const chart = data.charts[1]!;
  expect(chart.x).toEqual(rss.map(middleS));
  expect(chart.range).toEqual([SOAK_START_MS / 1000, SOAK_START_MS / 1000 + 7200]);
  expect(chart.lines[0]!.mean).toEqual(rss.map((b) => round3(b.mean)));
  expect(chart.lines[0]!.min).toEqual(rss.map((b) => round3(b.min)));
  expect(chart.lines[0]!.max).toEqual(rss.map((b) => round3(b.max)));
  // the leak the fixture has: the browser's last bucket sits ~77 MB above its first
  expect(chart.lines[0]!.mean.at(-1)! - chart.lines[0]!.mean[0]!).toBeGreaterThan(70);
});

test('chart data: missing series are listed, a chart without any series is empty; one bucket still has an axis', () => {
  const series = { ...TWO_HOURS };
  delete series['harness.cpu_pct'];
  delete series['endpoint.latency_ms'];
  const data = soakChartData({ series });
  expect(data.empty).toEqual(['soak-latency']);
  const cpu = data.charts.find((c) => c.id === 'soak-cpu')!;
  expect(cpu.lines.map((l) => l.series)).toEqual(['browser.cpu_pct', 'business.cpu_pct']);
  expect(cpu.missing).toEqual(['harness.cpu_pct']);
  // your integration's line is external business mode's own: never "not recorded" without it
  const { ['business.cpu_pct']: _, ...internal } = TWO_HOURS;
  expect(soakChartData({ series: internal }).charts.find((c) => c.id === 'soak-cpu')!.missing).toEqual([]);

  const one = soakChartData({ series: soakSeries(5 / 3600) });
  expect(one.charts).toHaveLength(6);
  for (const chart of one.charts) {
    expect(chart.x).toEqual([SOAK_START_MS / 1000 + 2.5]);
    expect(chart.range).toEqual([SOAK_START_MS / 1000, SOAK_START_MS / 1000 + 5]);
  }
  expect(soakChartData({ series: {} })).toEqual({ charts: [], empty: ['soak-cpu', 'soak-rss', 'soak-harness-rss', 'soak-relay', 'soak-latency', 'soak-active'] });
  // malformed buckets are skipped, not drawn and not a crash
  const odd = soakChartData({ series: { 'calls.active': [{ startMs: 0, endMs: -1, count: 1, min: 0, max: 0, mean: 0 }, null, { startMs: 0, endMs: 1000, count: 1, min: 1, max: 1, mean: 1 }] as unknown as Bucket[] } });
  expect(odd.charts.map((c) => [c.id, c.x, c.lines[0]!.mean])).toEqual([['soak-active', [0.5], [1]]]);
});

test('chart data: lines with different bucket widths share one axis; a line is null where none of its buckets covers an instant', () => {
  const hour = soakSeries(1); // 10-s buckets, ends after 1 h
  expect(hour['browser.cpu_pct']![0]!.endMs - hour['browser.cpu_pct']![0]!.startMs).toBe(10_000);
  const gap = TWO_HOURS['harness.cpu_pct']!.filter((_, i) => i < 100 || i >= 110); // 200 s without readings
  const cpu = soakChartData({ series: { 'browser.cpu_pct': hour['browser.cpu_pct']!, 'harness.cpu_pct': gap } }).charts[0]!;
  const [browser, harness] = cpu.lines;
  const origin = SOAK_START_MS / 1000;
  // union: 10-s midpoints (5, 15, …) in the first hour, 20-s midpoints (10, 30, …) over both hours minus
  // the gap, and the gap's start (2000 s), where the harness line breaks
  expect(cpu.x).toHaveLength(360 + 350 + 1);
  expect(harness!.mean[cpu.x.indexOf(origin + 2000)]).toBeNull();
  expect(cpu.x.slice(0, 4)).toEqual([origin + 5, origin + 10, origin + 15, origin + 25]);
  const inFirstHour = cpu.x.filter((x) => x < origin + 3600).length;
  expect(browser!.mean.filter((v) => v !== null)).toHaveLength(inFirstHour);
  expect(browser!.mean.slice(inFirstHour).every((v) => v === null)).toBe(true);
  // a 20-s bucket covers the 10-s midpoints inside it: the same value at both
  expect(harness!.mean[0]).toBe(harness!.mean[1]);
  const nulls = cpu.x.filter((_, i) => harness!.mean[i] === null);
  expect(nulls.length).toBeGreaterThan(0);
  expect(nulls.every((x) => x >= origin + 2000 && x < origin + 2200)).toBe(true);
});

test('HTML: a soak section before the call table with the facts, the run-level checks and the chart data embedded', () => {
  const soak = soakSection(TWO_HOURS, { elapsedS: 6800, stop: { signal: 'SIGINT', atS: 6790, forced: true } });
  const html = renderReportHtml(soakRun(soak), { generatedAt: new Date(0) });
  const start = html.indexOf('<section id="soak">');
  expect(start).toBeGreaterThan(html.indexOf('class="cards"'));
  expect(start).toBeLessThan(html.indexOf('<section id="overview">'));
  const section = html.slice(start, html.indexOf('</section>', start));
  const seen = text(section);
  expect(seen).toContain('Soak 1 check failed');
  for (const fact of [
    'duration1 h 53 min of 2 h asked',
    'concurrent calls10',
    'churna new call every 10 min per slot',
    'cyclehangup-call, packet-loss-10',
    'rotationwifi, 4g-weak every 15 min',
    'workers2',
    'calls130 started, 128 finished',
    'stopSIGINT at 1 h 53 min, forced (a second signal cut the calls short)',
  ])
    expect(seen).toContain(fact);
  // the checks table: failed first, with the message as recorded
  expect(seen).toContain('1 of 2 passed.');
  expect(seen.indexOf(MEMORY_FAILED.id)).toBeLessThan(seen.indexOf(MEMORY_OK.id));
  expect(seen).toContain(MEMORY_FAILED.message);
  expect(seen).toContain(MEMORY_OK.message);
  expect(section.match(/<figure class="chart soak" data-soak-chart="[a-z-]+"><figcaption>/g)).toHaveLength(6);
  // numbers for readers without JavaScript
  expect(seen).toMatch(/browser\.rss_mb[\d.]+ MB996\.7 MB991\.3 MB20 s/);
  expect(embedded(html).soak).toEqual(soakChartData(soak));
});

test('HTML: no soak, no section and no soak data; hostile check text stays text; a missing chart says what was not recorded', () => {
  const plain = soakRun(soakSection(TWO_HOURS));
  delete plain.soak;
  const html = renderReportHtml(plain);
  expect(html).not.toContain('id="soak"');
  expect(embedded(html).soak).toBeNull();

  const evil = '</script><img src=x onerror="alert(1)">';
  const series = { ...TWO_HOURS };
  delete series['endpoint.latency_ms'];
  delete series['harness.rss_mb'];
  const soak = soakSection(series, { cycle: [evil], checks: [{ id: `soak.${evil}`, ok: false, severity: 'warning', message: `found ${evil}` }] });
  const hostile = renderReportHtml(soakRun(soak));
  expect(hostile).not.toContain('<img');
  expect(hostile.match(/<\/script>/g)).toHaveLength(2); // the data's and the page script's own
  expect(text(hostile)).toContain(`found ${evil}`);
  expect(text(hostile)).toContain('Soak checks passed'); // a warning does not fail the soak
  expect(hostile).toContain('No data: this run recorded none of endpoint.latency_ms.');
  expect(hostile).toContain('Not recorded: harness.rss_mb</p>');
});

test('summary.md: the soak block with elapsed time, calls, every soak check and peak/last RSS', () => {
  const md = renderMarkdownSummary(soakRun(soakSection(TWO_HOURS, { stop: { signal: 'SIGTERM', atS: 7195, forced: false } })));
  const lines = md.split('\n');
  const at = lines.indexOf('### ❌ Soak: 2 h of 2 h');
  expect(at).toBe(4); // after the verdict and the facts line, before the call table
  expect(lines.slice(at, at + 9)).toEqual([
    '### ❌ Soak: 2 h of 2 h',
    '',
    '10 concurrent calls · 130 started, 128 finished · stopped by SIGTERM at 2 h',
    '',
    `- ✅ \`soak.memory_slope.harness\`: ${MEMORY_OK.message}`,
    `- ❌ \`soak.memory_slope.browser\`: ${MEMORY_FAILED.message}`,
    '',
    'harness RSS peak 214 MB, last 211.7 MB · browser RSS peak 996.7 MB, last 991.3 MB · business RSS peak 97 MB, last 96.25 MB',
    '',
  ]);
  // the same numbers straight from the buckets
  const browser = TWO_HOURS['browser.rss_mb']!;
  expect(Math.max(...browser.map((b) => b.max)).toFixed(1)).toBe('996.7');
  expect(browser.at(-1)!.mean.toFixed(1)).toBe('991.3');

  const passing = renderMarkdownSummary(soakRun(soakSection({}, { checks: [MEMORY_OK] })));
  expect(passing).toContain('### ✅ Soak: 2 h of 2 h\n');
  expect(passing).not.toContain('RSS peak');

  // too little data is neither a pass nor a failure
  const short = renderMarkdownSummary(soakRun(soakSection({}, { checks: [MEMORY_NO_VERDICT] })));
  expect(short).toContain('### ✅ Soak: 2 h of 2 h\n');
  expect(short).toContain(`- ➖ \`soak.memory_slope.harness\`: ${MEMORY_NO_VERDICT.message.replace(/>/g, '&gt;')}\n`);
});

test('HTML: a check with too little data is shown as no verdict, after the passes, and not counted as passed', () => {
  const html = renderReportHtml(soakRun(soakSection({}, { checks: [MEMORY_NO_VERDICT, MEMORY_OK] })));
  const start = html.indexOf('<section id="soak">');
  const section = html.slice(start, html.indexOf('</section>', start));
  expect(text(section)).toContain('1 of 2 passed; 1 had too little data for a verdict.');
  const rows = section.match(/<tr class=""><td>.*?<\/td>/g);
  expect(rows).toEqual(['<tr class=""><td><span class="ok">✓</span></td>', '<tr class=""><td><span class="muted" title="too little data to judge">–</span></td>']);
});

test('run status: a failed run-level soak check (severity error) fails the run and exits 1; a warning does not', () => {
  const passedCall = soakRun(soakSection({})).calls;
  expect(runStatus(passedCall, false)).toBe('passed');
  expect(runStatus(passedCall, false, false, { checks: [MEMORY_OK] })).toBe('passed');
  expect(runStatus(passedCall, false, false, { checks: [MEMORY_OK, { ...MEMORY_FAILED, severity: 'warning' }] })).toBe('passed');
  const status = runStatus(passedCall, false, false, { checks: [MEMORY_OK, MEMORY_FAILED] });
  expect(status).toBe('failed');
  expect(runStatus(passedCall, true, false, { checks: [MEMORY_FAILED] })).toBe('interrupted');
  const results = soakRun(soakSection({}));
  results.run.status = status;
  expect(runExitCode(results)).toBe(EXIT.checkFailed);
});

test('callsoak report: a soak section of the wrong shape is named field by field', () => {
  const results = soakRun(soakSection(TWO_HOURS));
  expect(resultsProblems(results)).toEqual([]);
  expect(resultsProblems({ ...results, soak: { ...results.soak, checks: 'none', series: { 'harness.rss_mb': {} } } })).toEqual(['soak.checks must be an array', 'soak.series.harness.rss_mb must be an array of buckets']);
  expect(resultsProblems({ ...results, soak: { checks: [{ id: 1 }], series: [] } })).toEqual(['soak.checks[0] must be an object with id (string) and ok (boolean)', 'soak.series must be an object (series name → buckets)']);
  expect(resultsProblems({ ...results, soak: 'yes' })).toEqual(['soak must be an object']);
});
