/**
 * The top of the report: counts, thresholds, one row per call, and the worst values. Pure
 * (returns HTML strings; every value passes through escapeHtml).
 */
import type { CallResult, RunResults } from '../../results/resultsTypes.ts';
import type { ThresholdResult } from '../../thresholds/evaluateThresholds.ts';
import type { MetricName } from '../../thresholds/metrics.ts';
import { callPassed, failedChecks } from '../callStatus.ts';
import { formatNumber, formatWithUnit } from '../formatNumber.ts';
import { KEY_METRICS, worstValues } from '../keyMetrics.ts';
import { escapeHtml } from './escapeHtml.ts';

type Values = Partial<Record<MetricName, number>>[];

export const callAnchor = (index: number) => `call-${index + 1}`;

export function renderCards(results: RunResults, thresholds: readonly ThresholdResult[]): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const passed = calls.filter(callPassed).length;
  const failed = calls.length - passed;
  const checks = calls.flatMap((c) => (Array.isArray(c.checks) ? c.checks : []));
  const failedCheckCount = checks.filter((c) => !c.ok && c.severity === 'error').length;
  const breached = thresholds.filter((t) => !t.ok).length;
  const card = (n: number | string, label: string, tone = '') => `<div class="card ${tone}"><div class="n">${escapeHtml(n)}</div><div class="label">${escapeHtml(label)}</div></div>`;
  return `<section class="cards" aria-label="counts">
${card(calls.length, 'calls')}
${card(passed, 'passed', passed > 0 ? 'good' : '')}
${card(failed, 'failed', failed > 0 ? 'bad' : '')}
${card(`${failedCheckCount} / ${checks.length}`, 'checks failed (errors)', failedCheckCount > 0 ? 'bad' : '')}
${thresholds.length > 0 ? card(`${breached} / ${thresholds.length}`, 'thresholds breached', breached > 0 ? 'bad' : 'good') : ''}
</section>`;
}

export function renderThresholds(thresholds: readonly ThresholdResult[]): string {
  if (thresholds.length === 0) return '';
  const rows = [...thresholds]
    .sort((a, b) => Number(a.ok) - Number(b.ok))
    .map(
      (t) => `<tr class="${t.ok ? '' : 'bad'}">
<td class="nowrap">${t.ok ? '<span class="ok">✓ passed</span>' : '<span class="no">✗ breached</span>'}</td>
<td><code>${escapeHtml(t.metric)}</code>${t.filter ? ` <code class="muted">${escapeHtml(t.filter)}</code>` : ''}</td>
<td><code>${escapeHtml(t.expression)}</code></td>
<td class="num">${escapeHtml(t.measured === null ? 'nothing to measure' : formatWithUnit(t.measured, t.expression.startsWith('count') ? 'count' : t.unit))}</td>
<td class="num">${escapeHtml(t.calls)}</td>
<td>${escapeHtml(t.message)}</td>
</tr>`,
    )
    .join('\n');
  return `<section id="thresholds"><h2>Thresholds</h2>
<div class="table-wrap"><table>
<thead><tr><th>result</th><th>metric</th><th>threshold</th><th class="num">measured</th><th class="num">calls</th><th>message</th></tr></thead>
<tbody>
${rows}
</tbody></table></div></section>`;
}

function endReasonCell(call: CallResult): string {
  const actual = call.endCallReason ?? '(none)';
  const matches = call.endCallReason === call.expectedEndCallReason;
  return matches
    ? `<code>${escapeHtml(actual)}</code>`
    : `<code class="muted">${escapeHtml(call.expectedEndCallReason)}</code> → <code class="mismatch">${escapeHtml(actual)}</code>`;
}

export function renderOverviewTable(results: RunResults, values: Values): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  if (calls.length === 0) return '<section id="overview"><h2>Calls</h2><p class="muted">This run has no calls.</p></section>';
  const worst = new Map(worstValues(values).filter(() => calls.length > 1).map((w) => [w.metric, w.call]));
  const rows = calls
    .map((call, i) => {
      const passed = callPassed(call);
      const failed = failedChecks(call).filter((c) => c.severity !== 'warning');
      const metrics = KEY_METRICS.map((k) => {
        const v = values[i]?.[k.metric];
        const isWorst = worst.get(k.metric) === i;
        return `<td class="num${isWorst ? ' worst' : ''}"${isWorst ? ` title="${escapeHtml(k.worst)} of the run"` : ''}>${escapeHtml(formatNumber(v))}</td>`;
      }).join('');
      const failedIds = failed.length
        ? failed.map((c) => `<code>${escapeHtml(c.id)}</code>`).join(', ')
        : '<span class="muted">none</span>';
      return `<tr class="${passed ? '' : 'bad'}">
<td class="num">${i + 1}</td>
<td class="nowrap"><a href="#${callAnchor(i)}">${escapeHtml(call.scenario)}</a></td>
<td>${endReasonCell(call)}</td>
<td><span class="badge ${passed ? 'passed' : 'failed'}">${passed ? 'passed' : 'failed'}</span></td>
${metrics}
<td class="ids">${failedIds}</td>
</tr>`;
    })
    .join('\n');
  return `<section id="overview"><h2>Calls</h2>
<div class="table-wrap"><table>
<thead><tr><th class="num">#</th><th>scenario</th><th title="the end reason the business agent decided; when it differs from the scenario's: expected → actual">end reason</th><th>result</th>${KEY_METRICS.map((k) => `<th class="num" title="${escapeHtml(k.metric)}">${escapeHtml(k.label)}</th>`).join('')}<th>failed checks</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>
<p class="muted" style="font-size:12px;margin:6px 2px">Per call: mean jitter of the 1-s samples; loss, RTT, jitter-buffer delay and concealment from the final getStats snapshot; submission time from the call's end to the accepted request. Red: the run's worst.</p>
</section>`;
}

export function renderWorst(results: RunResults, values: Values): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const worst = worstValues(values);
  if (calls.length < 2 || worst.length === 0) return '';
  const items = worst
    .map((w) => {
      const call = calls[w.call];
      return `<li>${escapeHtml(w.phrase)}: <strong>${escapeHtml(formatWithUnit(w.value, w.unit))}</strong> — <a href="#${callAnchor(w.call)}">#${w.call + 1} ${escapeHtml(call?.scenario ?? '')}</a></li>`;
    })
    .join('\n');
  return `<section id="worst"><h2>Worst values</h2><ul class="worst">
${items}
</ul></section>`;
}
