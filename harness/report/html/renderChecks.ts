/**
 * A table of checks as every part of the report shows them: failed errors first, then
 * warnings, then the passed ones, then those with too little data to judge ("no verdict",
 * never shown as a pass), each with its id, severity and message. Used for a call's
 * checks and for a soak's run-level checks. Pure.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import { failedChecks } from '../../results/callStatus.ts';
import { escapeHtml } from './escapeHtml.ts';

function checkRow(check: CheckResult): string {
  const mark = check.noVerdict ? '<span class="muted" title="too little data to judge">–</span>' : check.ok ? '<span class="ok">✓</span>' : check.severity === 'warning' ? '<span class="warn">⚠</span>' : '<span class="no">✗</span>';
  return `<tr class="${check.ok || check.severity === 'warning' ? '' : 'bad'}"><td>${mark}</td><td><code>${escapeHtml(check.id)}</code></td><td>${escapeHtml(check.severity)}</td><td>${escapeHtml(check.message)}</td></tr>`;
}

/**
 * @param list the recorded checks (anything that is not an object is skipped)
 * @param none what to say when there is no check, e.g. `No checks were recorded for this call.`
 */
export function renderChecks(list: unknown, none: string): string {
  const checks = (Array.isArray(list) ? list : []).filter((c): c is CheckResult => c !== null && typeof c === 'object');
  if (checks.length === 0) return `<p class="muted">${escapeHtml(none)}</p>`;
  const failed = checks.filter((c) => !c.ok);
  const unjudged = checks.filter((c) => c.ok && c.noVerdict);
  const ordered = [...failedChecks({ checks }), ...checks.filter((c) => c.ok && !c.noVerdict), ...unjudged];
  const noVerdict = unjudged.length ? `; ${unjudged.length} had too little data for a verdict` : '';
  return `<p class="muted">${checks.length - failed.length - unjudged.length} of ${checks.length} passed${noVerdict}.</p>
<div class="table-wrap"><table>
<thead><tr><th></th><th>check</th><th>severity</th><th>what was found</th></tr></thead>
<tbody>
${ordered.map(checkRow).join('\n')}
</tbody></table></div>`;
}
