/**
 * The soak section of the report (`callsoak soak` runs only): what was asked and what ran, the
 * run-level soak checks, one resource chart per group (placeholders the page script draws
 * into: bucket mean as a line, min..max as a band) and the same series as numbers, so a reader
 * without JavaScript still has them. Pure.
 */
import type { SoakResults } from '../../results/soakTypes.ts';
import { failedChecks } from '../../results/callStatus.ts';
import { formatDuration, formatNumber, formatWithUnit } from '../../metrics/formatNumber.ts';
import { summarizeSeries } from '../soakBuckets.ts';
import { SOAK_CHARTS } from '../soakChartDefinitions.ts';
import type { SoakReportData } from '../soakChartData.ts';
import { escapeHtml } from './escapeHtml.ts';
import { renderChecks } from './renderChecks.ts';

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
const codes = (ids: readonly unknown[]) => ids.map((id) => `<code>${escapeHtml(id)}</code>`).join(', ');

function facts(soak: SoakResults): string {
  const items: [string, string][] = [
    ['duration', `${escapeHtml(formatDuration(soak.elapsedS))} of ${escapeHtml(formatDuration(soak.durationS))} asked`],
    ['concurrent calls', escapeHtml(formatNumber(soak.concurrentCalls))],
    ['churn', typeof soak.churnS === 'number' ? `a new call every ${escapeHtml(formatDuration(soak.churnS))} per slot` : 'none: each call lasts the whole soak'],
    ['cycle', Array.isArray(soak.cycle) && soak.cycle.length > 0 ? codes(soak.cycle) : '–'],
    [
      'rotation',
      soak.rotation && Array.isArray(soak.rotation.profiles) ? `${codes(soak.rotation.profiles)} every ${escapeHtml(formatDuration(soak.rotation.everyS))}` : 'none',
    ],
    ['workers', escapeHtml(formatNumber(soak.workers))],
    ...(soak.pages ? ([['pages', soak.pages === 'shared' ? 'shared by the participants' : 'one per participant']] as [string, string][]) : []),
    ...(Array.isArray(soak.workerMemorySettings) ? ([['worker memory settings', soak.workerMemorySettings.length ? codes(soak.workerMemorySettings) : 'defaults']] as [string, string][]) : []),
    ['calls', `${escapeHtml(formatNumber(soak.callsStarted))} started, ${escapeHtml(formatNumber(soak.callsFinished))} finished`],
    [
      'stop',
      soak.stop
        ? `${escapeHtml(soak.stop.signal)} at ${escapeHtml(formatDuration(soak.stop.atS))}${soak.stop.forced ? ', <span class="no">forced</span> (a second signal cut the calls short)' : ', calls ended properly'}`
        : 'ran its whole duration',
    ],
  ];
  return `<dl class="meta soak-facts">${items.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`;
}

function figures(data: SoakReportData): string {
  return SOAK_CHARTS.map((chart) => {
    const caption = `<figcaption>${escapeHtml(chart.title)}</figcaption>`;
    const drawn = data.charts.find((c) => c.id === chart.id);
    const missing = drawn ? chart.lines.filter((l) => drawn.missing.includes(l.series)) : [];
    const note = `<p class="note">${escapeHtml(chart.note)}${missing.length ? `. Not recorded: ${escapeHtml(missing.map((l) => l.series).join(', '))}` : ''}</p>`;
    if (!drawn) return `<figure class="chart soak empty" data-soak-chart="${escapeHtml(chart.id)}">${caption}<p class="nodata">No data: this run recorded none of ${escapeHtml(chart.lines.map((l) => l.series).join(', '))}.</p>${note}</figure>`;
    return `<figure class="chart soak" data-soak-chart="${escapeHtml(chart.id)}">${caption}<div class="plot"></div>${note}</figure>`;
  }).join('\n');
}

/** The series as numbers: mean over the run, peak, level at the end. */
function numbers(soak: SoakResults): string {
  const series = soak.series !== null && typeof soak.series === 'object' ? soak.series : {};
  const rows = SOAK_CHARTS.flatMap((chart) => chart.lines).flatMap((line) => {
    const s = summarizeSeries(series[line.series]);
    if (!s) return [];
    const cell = (v: number) => `<td class="num">${escapeHtml(line.unit === '/s' ? `${formatNumber(v)}/s` : formatWithUnit(v, line.unit))}</td>`;
    return [`<tr><td><code>${escapeHtml(line.series)}</code></td>${cell(s.mean)}${cell(s.peak)}${cell(s.last)}<td class="num">${escapeHtml(formatDuration(s.bucketMs / 1000))}</td></tr>`];
  });
  if (rows.length === 0) return '<p class="muted">No resource series were recorded.</p>';
  return `<div class="table-wrap"><table class="soak-numbers">
<thead><tr><th>series</th><th class="num">mean</th><th class="num">peak</th><th class="num" title="mean of the last bucket">last</th><th class="num" title="time one charted point stands for">bucket</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

export function renderSoak(soak: SoakResults, data: SoakReportData): string {
  const checks = Array.isArray(soak.checks) ? soak.checks : [];
  const errors = failedChecks({ checks }).filter((c) => c.severity !== 'warning');
  const badge = errors.length > 0 ? `<span class="badge failed">${escapeHtml(plural(errors.length, 'check'))} failed</span>` : '<span class="badge passed">checks passed</span>';
  return `<section id="soak"><h2>Soak ${badge}</h2>
${facts(soak)}
<h3>Run-level soak checks</h3>
${renderChecks(checks, 'No run-level soak checks were recorded.')}
<h3>Resources over time</h3>
<div class="charts">
${figures(data)}
</div>
<p class="legend-note"><span><span class="swatch band"></span>line: mean of each bucket; band: its min..max</span><span>x axis: time (UTC); each point stands for one bucket of samples (width in the table below)</span></p>
${numbers(soak)}
</section>`;
}
