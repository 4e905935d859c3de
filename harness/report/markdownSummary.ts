/**
 * A short Markdown summary fit for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY and
 * the like): the verdict, a soak run's block, one table row per call (or, for many calls, one
 * per scenario plus the failed calls), breached thresholds, failed checks. Long lists are cut so
 * the summary stays short; the HTML report has everything. Pure.
 */
import type { CallEntry, RunResults } from '../results/resultsTypes.ts';
import type { MetricName } from '../metrics/metrics.ts';
import type { SoakResults } from '../results/soakTypes.ts';
import type { ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { callFailed, callNotApplicable, callPassed, callVerdict, failedChecks, machineDegraded, skippedReason } from '../results/callStatus.ts';
import { formatDuration, formatNumber, formatWithUnit } from '../metrics/formatNumber.ts';
import { allMetricValues, KEY_METRICS } from './keyMetrics.ts';
import { groupByScenario, MAX_CALL_ROWS, nodeSides } from './scenarioGroups.ts';
import { summarizeSeries } from './soakBuckets.ts';

/** How many failed checks are listed before "… and N more". */
export const MAX_LISTED_FAILURES = 20;
const MAX_MESSAGE = 280;

/** Plain text for Markdown: no accidental emphasis, links, HTML tags or table breaks. */
export function escapeMarkdown(text: unknown): string {
  return String(text ?? '')
    .replace(/[\\`*[\]|#~]/g, (c) => `\\${c}`)
    // an underscore inside a word (packets_lost) cannot start emphasis in GFM; only edges need escaping
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** An inline code span that survives backticks in its content. */
export function code(text: unknown): string {
  const s = String(text ?? '').replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  return s.includes('`') ? `\`\` ${s} \`\`` : `\`${s}\``;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A soak run's block: how long and how many calls, its run-level checks, peak and last RSS. */
function soakBlock(soak: SoakResults): string[] {
  const checks = (Array.isArray(soak.checks) ? soak.checks : []).filter((c) => c !== null && typeof c === 'object');
  const errors = checks.filter((c) => !c.ok && c.severity !== 'warning').length;
  const lines = [`### ${errors ? '❌' : '✅'} Soak: ${formatDuration(soak.elapsedS)} of ${formatDuration(soak.durationS)}`, ''];
  const stop = soak.stop ? ` · stopped by ${escapeMarkdown(soak.stop.signal)} at ${formatDuration(soak.stop.atS)}${soak.stop.forced ? ' (forced)' : ''}` : '';
  lines.push(`${formatNumber(soak.concurrentCalls)} concurrent calls · ${formatNumber(soak.callsStarted)} started, ${formatNumber(soak.callsFinished)} finished${stop}`, '');
  for (const c of checks.slice(0, MAX_LISTED_FAILURES)) lines.push(`- ${c.noVerdict ? '➖' : c.ok ? '✅' : c.severity === 'warning' ? '⚠️' : '❌'} ${code(c.id)}: ${escapeMarkdown(cut(String(c.message ?? ''), MAX_MESSAGE))}`);
  if (checks.length > MAX_LISTED_FAILURES) lines.push(`- … and ${checks.length - MAX_LISTED_FAILURES} more in the full report`);
  if (checks.length === 0) lines.push('- no run-level soak checks were recorded');
  const series = soak.series !== null && typeof soak.series === 'object' ? soak.series : {};
  const memory = (['harness.rss_mb', 'browser.rss_mb', 'business.rss_mb'] as const).flatMap((name) => {
    const s = summarizeSeries(series[name]);
    return s ? [`${name.split('.')[0]} RSS peak ${formatWithUnit(s.peak, 'MB')}, last ${formatWithUnit(s.last, 'MB')}`] : [];
  });
  if (memory.length > 0) lines.push('', memory.join(' · '));
  lines.push('');
  return lines;
}

type MetricValues = Partial<Record<MetricName, number>>;

/** the scenario as a row names it, with the sides that ran as Node peers */
function scenarioLabel(scenario: string, sides: string[]): string {
  return `${escapeMarkdown(scenario)}${sides.length ? ` (${sides.join(', ')}: Node peer)` : ''}`;
}

function callRow(call: CallEntry, i: number, values: MetricValues | undefined): string {
  const reason = call.endCallReason === call.expectedEndCallReason ? code(call.endCallReason) : `${code(call.endCallReason ?? 'none')} (expected ${code(call.expectedEndCallReason)})`;
  const metrics = KEY_METRICS.map((k) => formatNumber(values?.[k.metric])).join(' | ');
  const verdict = callVerdict(call);
  const result =
    verdict === 'skipped' ? `⏭️ ${call.state === 'not-started' ? 'not started' : call.state === 'not-applicable' ? `not applicable: ${call.skipReason ?? ''}` : 'cut off'}` : `${verdict === 'passed' ? '✅ passed' : '❌ failed'}${call.state === 'interrupted' ? ' (interrupted)' : ''}`;
  return `| ${i + 1} | ${scenarioLabel(call.scenario, nodeSides(call))} | ${verdict === 'skipped' ? '–' : reason} | ${result} | ${metrics} |`;
}

const CALL_HEADER = [`| # | scenario | end reason | result | ${KEY_METRICS.map((k) => k.label).join(' | ')} |`, `|---:|---|---|---|${KEY_METRICS.map(() => '---:').join('|')}|`];

/** a row per call; for more than MAX_CALL_ROWS calls, a row per scenario and the failed calls */
function callTables(calls: CallEntry[], values: MetricValues[]): string[] {
  if (calls.length <= MAX_CALL_ROWS) return [...CALL_HEADER, ...calls.map((call, i) => callRow(call, i, values[i])), ''];
  const lines = [
    `### Calls by scenario (median per scenario)`,
    '',
    `| scenario | calls | passed | failed | ${KEY_METRICS.map((k) => k.label).join(' | ')} |`,
    `|---|---:|---:|---:|${KEY_METRICS.map(() => '---:').join('|')}|`,
  ];
  for (const group of groupByScenario(calls, values)) {
    const medians = KEY_METRICS.map((k) => formatNumber(group.medians[k.metric]));
    lines.push(`| ${scenarioLabel(group.scenario, group.nodeSides)} | ${group.calls.length} | ${group.passed} | ${group.failed} | ${medians.join(' | ')} |`);
  }
  lines.push('');
  const failed = calls.map((call, i) => ({ call, i })).filter(({ call }) => callFailed(call));
  if (failed.length > 0) {
    lines.push(`### Failed calls (${failed.length} of ${calls.length})`, '', ...CALL_HEADER);
    for (const { call, i } of failed.slice(0, MAX_CALL_ROWS)) lines.push(callRow(call, i, values[i]));
    lines.push('');
    if (failed.length > MAX_CALL_ROWS) lines.push(`… and ${failed.length - MAX_CALL_ROWS} more failed calls in the full report`, '');
  }
  return lines;
}

export interface MarkdownOptions {
  /** threshold results to list; default none */
  thresholds?: readonly ThresholdResult[];
  /** link to the HTML report, relative to where the summary is shown; default index.html */
  reportLink?: string;
}

export function renderMarkdownSummary(results: RunResults, options: MarkdownOptions = {}): string {
  const thresholds = options.thresholds ?? [];
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const run = results.run ?? ({} as Partial<RunResults['run']>);
  const passed = calls.filter(callPassed).length;
  const inapplicable = calls.filter(callNotApplicable).length;
  const skipped = calls.filter((c) => callVerdict(c) === 'skipped' && !callNotApplicable(c));
  const failedCount = calls.length - passed - skipped.length - inapplicable;
  const breached = thresholds.filter((t) => !t.ok);
  const status = run.status ?? 'failed';
  const icon = status === 'passed' && breached.length === 0 ? '✅' : status === 'interrupted' ? '⚠️' : '❌';
  const lines: string[] = [];
  lines.push(`## ${icon} callsoak run ${code(run.id ?? '?')}: ${status}${breached.length ? `, ${breached.length} threshold${breached.length === 1 ? '' : 's'} breached` : ''}`);
  lines.push('');
  const facts = [
    `${calls.length} call${calls.length === 1 ? '' : 's'}: ${passed} passed, ${failedCount} failed${skipped.length ? `, ${skipped.length} without a verdict` : ''}${inapplicable ? `, ${inapplicable} not applicable` : ''}`,
    run.browser ? `${escapeMarkdown(run.browser.name)} ${escapeMarkdown(run.browser.version)}` : '',
    run.seed !== undefined ? `seed ${run.seed}` : '',
  ].filter(Boolean);
  lines.push(facts.join(' · '));
  lines.push('');
  const degraded = calls.filter(machineDegraded).length;
  if (degraded > 0) {
    lines.push(`⚠️ **The machine degraded ${degraded} of ${calls.length} call${calls.length === 1 ? '' : 's'}**: audio concealed or not played that the network does not explain (\`machine.degraded\` names the seconds). Their audio numbers describe the machine, not the client.`);
    lines.push('');
  }
  if (results.soak !== null && typeof results.soak === 'object') lines.push(...soakBlock(results.soak));
  if (calls.length > 0) lines.push(...callTables(calls, allMetricValues(results)));
  if (thresholds.length > 0) {
    lines.push(`### Thresholds: ${breached.length} of ${thresholds.length} breached`);
    lines.push('');
    lines.push('| | metric | threshold | measured |');
    lines.push('|---|---|---|---|');
    for (const t of [...breached, ...thresholds.filter((x) => x.ok)]) {
      const measured = t.measured === null ? 'nothing to measure' : `${t.expression.startsWith('count') ? formatNumber(t.measured) : formatWithUnit(t.measured, t.unit)} over ${t.calls} call${t.calls === 1 ? '' : 's'}`;
      lines.push(`| ${t.ok ? '✅' : '❌'} | ${code(`${t.metric}${t.filter}`)} | ${code(t.expression)} | ${escapeMarkdown(measured)} |`);
    }
    lines.push('');
  }
  const failures = calls.flatMap((call, i) => failedChecks(call).filter((c) => c.severity !== 'warning').map((c) => ({ call, i, check: c })));
  if (failures.length > 0) {
    lines.push(`### Failed checks (${failures.length})`);
    lines.push('');
    for (const f of failures.slice(0, MAX_LISTED_FAILURES)) {
      lines.push(`- **#${f.i + 1} ${escapeMarkdown(f.call.scenario)}** ${code(f.check.id)}: ${escapeMarkdown(cut(f.check.message, MAX_MESSAGE))}`);
    }
    if (failures.length > MAX_LISTED_FAILURES) lines.push(`- … and ${failures.length - MAX_LISTED_FAILURES} more in the full report`);
    lines.push('');
  }
  if (calls.some((call) => Object.values(call.peers ?? {}).some((p) => p && p.differences.length > 0))) {
    lines.push('Some calls had Node peers (libwebrtc): how each differs from a Chromium page — stats reports and fields, playout, permissions — is listed per call in the HTML report and in results.json (`peers`).');
    lines.push('');
  }
  if (status === 'interrupted') {
    const notStarted = skipped.filter((c) => c.state === 'not-started').length;
    const cutOff = skipped.length - notStarted;
    const ended = calls.filter((c) => c.state === 'interrupted' && callVerdict(c) !== 'skipped').length;
    const parts = [`${notStarted} not started`, ...(cutOff ? [`${cutOff} cut off by a forced stop`] : []), ...(ended ? [`${ended} ended early and judged`] : [])];
    lines.push(`The run was interrupted: every planned call is listed (${parts.join(', ')}). ${skipped.length ? `A call without a verdict is ${skippedReason({ state: 'not-started' }).split(':')[0]} or cut off; it is neither a pass nor a failure.` : ''}`.trim());
    lines.push('');
  }
  lines.push(`Full report with charts: [index.html](${options.reportLink ?? 'index.html'}) · JUnit: junit.xml · data: results.json`);
  return `${lines.join('\n')}\n`;
}
