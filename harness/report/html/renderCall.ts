/**
 * One call's section of the report: a collapsible <details> with the call's facts, its
 * failed checks, chart placeholders the page script draws into, the payload next to the raw
 * stats and the ground truth, all checks, the submission timeline, the platform's log of the
 * call (when it went through the emulated platform), the transform comparison and what the
 * sides logged. Pure.
 */
import type { CallResult } from '../../results/resultsTypes.ts';
import { CHARTS, type ChartDefinition } from '../chartDefinitions.ts';
import type { CallChartData } from '../chartData.ts';
import { callPassed, failedChecks } from '../../results/callStatus.ts';
import { formatNumber } from '../../metrics/formatNumber.ts';
import { consoleText } from '../../results/consoleText.ts';
import { escapeHtml } from './escapeHtml.ts';
import { renderChecks } from './renderChecks.ts';
import { callAnchor } from './renderOverview.ts';
import { renderPlatformLog } from './renderPlatformLog.ts';
import { renderStatsComparison } from './renderStatsComparison.ts';
import { renderSubmissions } from './renderSubmissions.ts';
import { renderTransforms } from './renderTransforms.ts';

function hasData(chart: ChartDefinition, data: CallChartData): boolean {
  return chart.lines.some((line) => data.series[line.series].some((v) => v !== null));
}

function emptyReason(chart: ChartDefinition, call: CallResult): string {
  const samples = Array.isArray(call.samples) ? call.samples : [];
  if (samples.length === 0) return 'no getStats samples were taken';
  const anyInbound = samples.some((s) => s.inbound);
  if (chart.id === 'rtt') return 'no RTCP receiver report carried a round-trip time, and no ICE round-trip time was sampled';
  if (chart.id === 'packets' || anyInbound === false) return 'no sample had an inbound-rtp report: no audio packet arrived';
  if (samples.length === 1) return 'one sample only: an interval needs two';
  return 'the samples lack the fields this chart needs';
}

function renderCharts(call: CallResult, data: CallChartData): string {
  const figures = CHARTS.map((chart) => {
    const caption = `<figcaption>${escapeHtml(chart.title)}</figcaption>`;
    const note = `<p class="note">${escapeHtml(chart.note)}</p>`;
    if (!hasData(chart, data)) {
      return `<figure class="chart empty" data-chart="${escapeHtml(chart.id)}">${caption}<p class="nodata">No data: ${escapeHtml(emptyReason(chart, call))}.</p>${note}</figure>`;
    }
    return `<figure class="chart" data-chart="${escapeHtml(chart.id)}">${caption}<div class="plot"></div>${note}</figure>`;
  }).join('\n');
  const shaded = data.impairments.length > 0;
  const legend = [
    shaded ? `<span><span class="swatch shade"></span>impairment: ${escapeHtml(data.impairments.map((b) => `${b.label} ${formatNumber(b.fromS)}–${b.toS === null ? 'end' : `${formatNumber(b.toS)}`} s`).join('; '))}</span>` : '<span>no impairment scheduled</span>',
    data.endS !== null ? `<span><span class="swatch end"></span>call end at ${escapeHtml(formatNumber(data.endS))} s</span>` : '',
  ].join('');
  return `<div class="charts">
${figures}
</div>
<p class="legend-note">${legend}<span>x axis: seconds since the harness started the call; samples every second.</span></p>`;
}

function facts(call: CallResult, data: CallChartData): string {
  const items: [string, string][] = [
    ['call id', `<code>${escapeHtml(call.callId)}</code>`],
    [
      'end reason',
      call.endCallReason === call.expectedEndCallReason
        ? `<code>${escapeHtml(call.endCallReason)}</code> as expected`
        : `<code class="mismatch">${escapeHtml(call.endCallReason ?? '(none)')}</code>, expected <code>${escapeHtml(call.expectedEndCallReason)}</code>`,
    ],
  ];
  if (call.endCallSubreason) items.push(['subreason', escapeHtml(call.endCallSubreason)]);
  items.push(['talk', `${escapeHtml(formatNumber(call.talkSeconds))} s`]);
  if (data.endS !== null) items.push(['duration', `${escapeHtml(formatNumber(data.endS))} s`]);
  if (typeof call.startedAtMs === 'number') items.push(['started', escapeHtml(new Date(call.startedAtMs).toISOString())]);
  if (call.transform) items.push(['transform', `<code>${escapeHtml(call.transform)}</code>`]);
  for (const role of ['consumer', 'business'] as const) {
    const peer = call.peers?.[role];
    if (peer) items.push([role, `${escapeHtml(peer.version)}${peer.page === 'shared' ? ' (shared page)' : ''}`]);
  }
  if (call.dir) items.push(['files', `<a href="${escapeHtml(encodeURI(call.dir))}/">${escapeHtml(call.dir)}/</a>`]);
  return `<dl class="meta" style="margin:12px 0">${items.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

/** A Node peer's differences from a Chromium page, listed so no missing value passes for a zero. */
function peerDifferences(call: CallResult): string {
  const sides = (['consumer', 'business'] as const).flatMap((role) => {
    const peer = call.peers?.[role];
    return peer && peer.differences.length > 0 ? [{ role, peer }] : [];
  });
  if (sides.length === 0) return '';
  return sides
    .map(({ role, peer }) => `<div class="callout note"><strong>The ${role} is a ${escapeHtml(peer.runtime)} peer (${escapeHtml(peer.version)}); how it differs from a Chromium page:</strong><ul>${peer.differences.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul></div>`)
    .join('\n');
}

/** @param open whether the section starts expanded */
export function renderCall(call: CallResult, index: number, data: CallChartData, open: boolean): string {
  const passed = callPassed(call);
  const failed = failedChecks(call);
  const errors = failed.filter((c) => c.severity !== 'warning');
  const summaryFacts = [
    call.endCallReason === call.expectedEndCallReason ? escapeHtml(call.endCallReason) : `<span class="mismatch">${escapeHtml(call.endCallReason ?? 'no end reason')}</span> (expected ${escapeHtml(call.expectedEndCallReason)})`,
    errors.length ? `<span class="no">${errors.length} failed check${errors.length === 1 ? '' : 's'}</span>` : `${(call.checks ?? []).length} checks passed`,
    `<code>${escapeHtml(call.callId)}</code>`,
  ].join(' · ');
  const callout = failed.length
    ? `<div class="callout${errors.length ? '' : ' note'}"><strong>${errors.length ? 'Failed' : 'Warnings'}:</strong><ul>${failed.map((c) => `<li><code>${escapeHtml(c.id)}</code>${c.severity === 'warning' ? ' (warning)' : ''}: ${escapeHtml(c.message)}</li>`).join('')}</ul></div>`
    : '';
  return `<details class="call" id="${callAnchor(index)}" data-call="${index}"${open ? ' open' : ''}>
<summary><span class="badge ${passed ? 'passed' : 'failed'}">${passed ? 'passed' : 'failed'}</span>${call.state === 'interrupted' ? '<span class="badge interrupted" title="the call ended early when the run was stopped">interrupted</span>' : ''}<span class="scenario">#${index + 1} ${escapeHtml(call.scenario)}</span><span class="facts">${summaryFacts}</span></summary>
<div class="call-body">
${facts(call, data)}
${callout}
${peerDifferences(call)}
<h3>Audio over time</h3>
${renderCharts(call, data)}
<h3>Payload, raw stats and relay ground truth</h3>
${renderStatsComparison(call)}
<h3>Checks</h3>
${renderChecks(call.checks, 'No checks were recorded for this call.')}
<h3>Submission</h3>
${renderSubmissions(call)}
${renderPlatformLog(call)}
<h3>Transforms</h3>
${renderTransforms(call)}
${renderConsole(call)}
</div>
</details>`;
}

/** What the sides logged (console.txt), when any side did. */
function renderConsole(call: CallResult): string {
  const text = consoleText(call);
  return text === null ? '' : `<h3>Console</h3>\n<pre class="json">${escapeHtml(text)}</pre>`;
}
