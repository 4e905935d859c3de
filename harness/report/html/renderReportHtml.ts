/**
 * The whole report as one self-contained HTML document: inline CSS, the bundled page script
 * (uPlot included), the chart data as JSON. It opens from disk or from a CI artifact with no
 * network. Node side only for the assets; the rendering itself is string building.
 */
import { isSummarized, type RunResults } from '../../results/resultsTypes.ts';
import type { ThresholdResult } from '../../thresholds/evaluateThresholds.ts';
import { callPassed, callVerdict } from '../../results/callStatus.ts';
import { chartData } from '../chartData.ts';
import { allMetricValues } from '../keyMetrics.ts';
import { escapeHtml, jsonForScript } from './escapeHtml.ts';
import { pageAssets } from './pageAssets.ts';
import { renderCall } from './renderCall.ts';
import { renderCards, renderOverviewTable, renderThresholds, renderWorst } from './renderOverview.ts';
import { renderSoak } from './renderSoak.ts';
import { soakChartData } from '../soakChartData.ts';

/** Failed calls start expanded, up to this many (each expanded call draws its charts on load). */
const OPEN_FAILED_CALLS = 10;

function duration(startedAt: string, finishedAt: string): string | undefined {
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

export interface RenderOptions {
  /** threshold results to show; default none */
  thresholds?: readonly ThresholdResult[];
  /** when the report was generated, for the footer; default now */
  generatedAt?: Date;
}

export function renderReportHtml(results: RunResults, options: RenderOptions = {}): string {
  const thresholds = options.thresholds ?? [];
  const assets = pageAssets();
  const run = results.run ?? ({} as Partial<RunResults['run']>);
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const status = run.status === 'passed' || run.status === 'failed' || run.status === 'interrupted' ? run.status : 'failed';
  const breached = thresholds.some((t) => !t.ok);
  const values = allMetricValues(results);
  // a long soak's summarized calls have no section: their evidence is in their record files
  // nor have the calls without a verdict (not started, cut off): their row in the table says so
  const detailed = calls.flatMap((call, index) => (isSummarized(call) || callVerdict(call) === 'skipped' ? [] : [{ call, index }]));
  const summarized = calls.filter(isSummarized).length;
  const charts = detailed.map(({ call, index }) => chartData(call, index));
  // a soak run's section comes before the call table, which may list hundreds of calls
  const soak = results.soak !== null && typeof results.soak === 'object' ? results.soak : undefined;
  const soakCharts = soak ? soakChartData(soak) : null;
  let openLeft = OPEN_FAILED_CALLS;
  const sections = detailed
    .map(({ call, index }, i) => {
      const open = calls.length === 1 || (!callPassed(call) && openLeft-- > 0);
      return renderCall(call, index, charts[i]!, open);
    })
    .join('\n');
  const took = run.startedAt && run.finishedAt ? duration(run.startedAt, run.finishedAt) : undefined;
  const meta: [string, string | undefined][] = [
    ['run', run.id],
    ['started', run.startedAt],
    ['took', took],
    ['browser', run.browser ? `${run.browser.name} ${run.browser.version}` : undefined],
    ['seed', run.seed === undefined ? undefined : String(run.seed)],
    ['harness', run.harnessVersion],
    ['business', run.business ? `your integration at ${run.business.webhookUrl}${run.business.command ? ` (started: ${run.business.command})` : ''}` : undefined],
    ['its output', run.business?.output],
  ];
  const title = `callsoak ${run.id ?? 'run'} — ${status}${breached ? ', threshold breached' : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="callsoak ${escapeHtml(run.harnessVersion ?? '')}">
<title>${escapeHtml(title)}</title>
<style>
${assets.css}
</style>
</head>
<body>
<header class="run">
<h1>callsoak run <span class="badge ${status}">${status}</span>${breached ? '<span class="badge failed">threshold breached</span>' : ''}</h1>
<dl class="meta">${meta
    .filter((m): m is [string, string] => m[1] !== undefined && m[1] !== '')
    .map(([k, v]) => `<div><dt>${k}</dt><dd>${k === 'run' ? `<code>${escapeHtml(v)}</code>` : escapeHtml(v)}</dd></div>`)
    .join('')}</dl>
</header>
<main>
${renderCards(results, thresholds)}
${renderThresholds(thresholds)}
${soak && soakCharts ? renderSoak(soak, soakCharts) : ''}
${renderOverviewTable(results, values)}
${renderWorst(results, values)}
${
  detailed.length > 0
    ? `<div class="toolbar"><h2>Call details</h2><button type="button" id="expand-all">expand all</button><button type="button" id="collapse-all">collapse all</button></div>
${summarized ? `<p class="muted">These are the ${detailed.length} failed calls kept in full; the other ${summarized} calls are summarized in results.json (see Calls by scenario).</p>\n` : ''}${sections}`
    : ''
}
</main>
<footer>Generated by callsoak${run.harnessVersion ? ` ${escapeHtml(run.harnessVersion)}` : ''} on ${escapeHtml((options.generatedAt ?? new Date()).toISOString())} from results.json (schema ${escapeHtml(results.schemaVersion)}). Charts drawn with ${escapeHtml(assets.chartLibrary.name)} ${escapeHtml(assets.chartLibrary.version)} (${escapeHtml(assets.chartLibrary.license)}), bundled into this file. <span class="noscript-hint">Without JavaScript the tables remain; the charts need it.</span></footer>
<script type="application/json" id="callsoak-data">${jsonForScript({ calls: charts, soak: soakCharts })}</script>
<script>
${assets.script}
</script>
</body>
</html>
`;
}
