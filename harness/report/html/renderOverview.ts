/**
 * The top of the report: counts, thresholds, one row per call (for a big run: one per
 * scenario, and the failed calls), and the worst values. Pure (returns HTML strings; every
 * value passes through escapeHtml).
 */
import { isSummarized, type CallEntry, type RunResults } from '../../results/resultsTypes.ts';
import { FULL_CALLS_MAX } from '../../metrics/summarizeCall.ts';
import type { ThresholdResult } from '../../thresholds/evaluateThresholds.ts';
import type { MetricName } from '../../metrics/metrics.ts';
import { callFailed, callNotApplicable, callPassed, callVerdict, failedChecks, machineDegraded, skippedReason } from '../../results/callStatus.ts';
import { formatNumber, formatWithUnit } from '../../metrics/formatNumber.ts';
import { KEY_METRICS, worstValues } from '../keyMetrics.ts';
import { groupByScenario, MAX_CALL_ROWS } from '../scenarioGroups.ts';
import { escapeHtml } from './escapeHtml.ts';

type Values = Partial<Record<MetricName, number>>[];

export const callAnchor = (index: number) => `call-${index + 1}`;

/** Where a call's link goes: its section of the report, or — summarized, without one — its record file beside the report. */
export function callHref(call: CallEntry, index: number): string {
  return isSummarized(call) ? call.summarized.record : `#${callAnchor(index)}`;
}

export function renderCards(results: RunResults, thresholds: readonly ThresholdResult[]): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const passed = calls.filter(callPassed).length;
  const failed = calls.filter(callFailed).length;
  const inapplicable = calls.filter(callNotApplicable).length;
  const skipped = calls.length - passed - failed - inapplicable;
  const degraded = calls.filter(machineDegraded).length;
  const checks = calls.flatMap((c) => (Array.isArray(c.checks) ? c.checks : []));
  const failedCheckCount = checks.filter((c) => !c.ok && c.severity === 'error').length;
  // a summarized call lists only its failed checks and counts the rest
  const checkCount = checks.length + calls.reduce((n, c) => n + (isSummarized(c) ? c.summarized.passedChecks : 0), 0);
  const breached = thresholds.filter((t) => !t.ok).length;
  const card = (n: number | string, label: string, tone = '') => `<div class="card ${tone}"><div class="n">${escapeHtml(n)}</div><div class="label">${escapeHtml(label)}</div></div>`;
  return `<section class="cards" aria-label="counts">
${card(calls.length, 'calls')}
${card(passed, 'passed', passed > 0 ? 'good' : '')}
${card(failed, 'failed', failed > 0 ? 'bad' : '')}
${skipped > 0 ? card(skipped, 'without a verdict (not started, cut off)', 'warn') : ''}
${inapplicable > 0 ? card(inapplicable, 'not applicable to your integration (skipped with the reason)') : ''}
${degraded > 0 ? card(degraded, 'degraded by the machine, not the network', 'warn') : ''}
${card(`${failedCheckCount} / ${checkCount}`, 'checks failed (errors)', failedCheckCount > 0 ? 'bad' : '')}
${thresholds.length > 0 ? card(`${breached} / ${thresholds.length}`, 'thresholds breached', breached > 0 ? 'bad' : 'good') : ''}
</section>${
    degraded > 0
      ? `\n<div class="callout note"><strong>The machine degraded ${degraded} of ${calls.length} call${calls.length === 1 ? '' : 's'}.</strong> Their audio was concealed or not played where the relay's losses and the scenario's own shaping explain none of it: the renderer or its audio output ran late (check <code>machine.degraded</code> names the seconds, with the cores' load). Their audio numbers describe this machine's load, not the client under test: rerun them on an idle machine before blaming the client.</div>`
      : ''
  }`;
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

function endReasonCell(call: CallEntry): string {
  const actual = call.endCallReason ?? '(none)';
  const matches = call.endCallReason === call.expectedEndCallReason;
  return matches
    ? `<code>${escapeHtml(actual)}</code>`
    : `<code class="muted">${escapeHtml(call.expectedEndCallReason)}</code> → <code class="mismatch">${escapeHtml(actual)}</code>`;
}

const CALL_HEADER = `<thead><tr><th class="num">#</th><th>scenario</th><th title="the end reason the business agent decided; when it differs from the scenario's: expected → actual">end reason</th><th>result</th>${KEY_METRICS.map((k) => `<th class="num" title="${escapeHtml(k.metric)}">${escapeHtml(k.label)}</th>`).join('')}<th>failed checks</th></tr></thead>`;

const METRICS_NOTE = `Per call: mean jitter of the 1-s samples; loss, RTT, jitter-buffer delay and concealment from the final getStats snapshot; submission time from the call's end to the accepted request.`;

export function renderOverviewTable(results: RunResults, values: Values): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  if (calls.length === 0) return '<section id="overview"><h2>Calls</h2><p class="muted">This run has no calls.</p></section>';
  if (calls.length > MAX_CALL_ROWS) return renderBigRunTables(calls, values);
  const worst = new Map(worstValues(values).filter(() => calls.length > 1).map((w) => [w.metric, w.call]));
  const rows = calls.map((call, i) => callRow(call, i, values, worst)).join('\n');
  return `<section id="overview"><h2>Calls</h2>
<div class="table-wrap"><table>
${CALL_HEADER}
<tbody>
${rows}
</tbody></table></div>
<p class="muted" style="font-size:12px;margin:6px 2px">${METRICS_NOTE} Red: the run's worst.</p>
</section>`;
}

/** Above MAX_CALL_ROWS calls: a row per scenario with medians, then the failed calls (at most MAX_CALL_ROWS). */
function renderBigRunTables(calls: CallEntry[], values: Values): string {
  const groups = groupByScenario(calls, values)
    .map((g) => {
      const failed = g.failed;
      const medians = KEY_METRICS.map((k) => `<td class="num">${escapeHtml(formatNumber(g.medians[k.metric]))}</td>`).join('');
      const sides = g.nodeSides.length ? ` <span class="muted">(${escapeHtml(g.nodeSides.join(', '))}: Node peer)</span>` : '';
      return `<tr class="${failed ? 'bad' : ''}"><td class="nowrap">${escapeHtml(g.scenario)}${sides}</td><td class="num">${g.calls.length}</td><td class="num">${g.passed}</td><td class="num">${failed}</td>${medians}</tr>`;
    })
    .join('\n');
  const failed = calls.flatMap((call, i) => (callFailed(call) ? [i] : []));
  const failedRows = failed
    .slice(0, MAX_CALL_ROWS)
    .map((i) => callRow(calls[i]!, i, values, new Map()))
    .join('\n');
  const more = failed.length > MAX_CALL_ROWS ? `<p class="muted">… and ${failed.length - MAX_CALL_ROWS} more failed calls: every call is in results.json.</p>` : '';
  const summarized = calls.filter(isSummarized).length;
  const records = summarized
    ? ` ${summarized} of the ${calls.length} calls are summarized in results.json (the passed ones${summarized > calls.length - failed.length ? `, and failed ones beyond the first ${FULL_CALLS_MAX}` : ''}); each one's full record — samples, final getStats, relay legs — is a JSON file in <code>soak/calls/</code> named by slot and call (<code>s001-c0042.json</code>: slot 1's 42nd call), and the worst values below link to theirs.`
    : '';
  return `<section id="overview"><h2>Calls by scenario</h2>
<div class="table-wrap"><table>
<thead><tr><th>scenario</th><th class="num">calls</th><th class="num">passed</th><th class="num">failed</th>${KEY_METRICS.map((k) => `<th class="num" title="median of ${escapeHtml(k.metric)}">${escapeHtml(k.label)}</th>`).join('')}</tr></thead>
<tbody>
${groups}
</tbody></table></div>
<p class="muted" style="font-size:12px;margin:6px 2px">${calls.length} calls: a row per scenario, with the median of each metric over its calls. ${METRICS_NOTE}${records}</p>
${
  failed.length
    ? `<h2>Failed calls (${failed.length} of ${calls.length})</h2>
<div class="table-wrap"><table>
${CALL_HEADER}
<tbody>
${failedRows}
</tbody></table></div>
${more}`
    : ''
}
</section>`;
}

function callRow(call: CallEntry, i: number, values: Values, worst: Map<MetricName, number>): string {
  const verdict = callVerdict(call);
  const passed = verdict !== 'failed';
  const badge =
    verdict === 'skipped'
      ? `<span class="badge skipped" title="${escapeHtml(skippedReason(call))}">${call.state === 'not-started' ? 'not started' : call.state === 'not-applicable' ? 'not applicable' : 'cut off'}</span>`
      : `<span class="badge ${verdict}">${verdict}</span>${call.state === 'interrupted' ? ' <span class="muted" title="the call ended early when the run was stopped">interrupted</span>' : ''}`;
  const failed = failedChecks(call).filter((c) => c.severity !== 'warning');
  const metrics = KEY_METRICS.map((k) => {
    const v = values[i]?.[k.metric];
    const isWorst = worst.get(k.metric) === i;
    return `<td class="num${isWorst ? ' worst' : ''}"${isWorst ? ` title="${escapeHtml(k.worst)} of the run"` : ''}>${escapeHtml(formatNumber(v))}</td>`;
  }).join('');
  const failedIds = failed.length ? failed.map((c) => `<code>${escapeHtml(c.id)}</code>`).join(', ') : '<span class="muted">none</span>';
  return `<tr class="${passed ? '' : 'bad'}">
<td class="num">${i + 1}</td>
<td class="nowrap">${verdict === 'skipped' ? escapeHtml(call.scenario) : `<a href="${escapeHtml(callHref(call, i))}">${escapeHtml(call.scenario)}</a>`}</td>
<td>${endReasonCell(call)}</td>
<td>${badge}</td>
${metrics}
<td class="ids">${failedIds}</td>
</tr>`;
}

export function renderWorst(results: RunResults, values: Values): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const worst = worstValues(values);
  if (calls.length < 2 || worst.length === 0) return '';
  const items = worst
    .map((w) => {
      const call = calls[w.call];
      return `<li>${escapeHtml(w.phrase)}: <strong>${escapeHtml(formatWithUnit(w.value, w.unit))}</strong> — <a href="${escapeHtml(call ? callHref(call, w.call) : `#${callAnchor(w.call)}`)}">#${w.call + 1} ${escapeHtml(call?.scenario ?? '')}</a></li>`;
    })
    .join('\n');
  return `<section id="worst"><h2>Worst values</h2><ul class="worst">
${items}
</ul></section>`;
}
