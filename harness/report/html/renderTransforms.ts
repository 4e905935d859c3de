/**
 * The transform comparison of one call: every transform's payload from the same final
 * snapshot, field by field where they differ, the posted one marked. Pure.
 */
import type { CallResult } from '../../results/resultsTypes.ts';
import { escapeHtml } from './escapeHtml.ts';
import { jsonBlock } from './renderStatsComparison.ts';

interface Difference {
  field: string;
  values: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function valueCell(values: Record<string, unknown>, name: string): string {
  if (!Object.hasOwn(values, name)) return '<span class="muted">absent</span>';
  return `<code>${escapeHtml(JSON.stringify(values[name]) ?? 'undefined')}</code>`;
}

export function renderTransforms(call: CallResult): string {
  const record = asRecord(call.transforms);
  const payloads = asRecord(record?.payloads);
  if (!record || !payloads || Object.keys(payloads).length === 0) {
    return `<p class="muted">No transform comparison for this call${call.payload === null ? ' (no payload was built)' : ''}.</p>`;
  }
  const chosen = typeof record.chosen === 'string' ? record.chosen : call.transform;
  const names = Object.keys(payloads).sort((a, b) => Number(b === chosen) - Number(a === chosen));
  const differences = (Array.isArray(record.differences) ? record.differences : []).filter(
    (d): d is Difference => asRecord(d) !== undefined && typeof (d as Difference).field === 'string' && asRecord((d as Difference).values) !== undefined,
  );
  const notes = (Array.isArray(record.specNotes) ? record.specNotes : []).map((note) => (typeof note === 'string' ? note : (JSON.stringify(note) ?? '')));
  const head = names.map((name) => `<th>${escapeHtml(name)}${name === chosen ? ' <span class="badge passed">posted</span>' : ''}</th>`).join('');
  const table =
    differences.length === 0
      ? '<p>All transforms produced the same payload.</p>'
      : `<div class="table-wrap"><table>
<thead><tr><th>field</th>${head}</tr></thead>
<tbody>
${differences.map((d) => `<tr><td><code>${escapeHtml(d.field)}</code></td>${names.map((name) => `<td>${valueCell(d.values, name)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table></div>`;
  const noteList = notes.length ? `<p class="muted">How <code>spec</code> handled the snapshot:</p><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  const payloadPanes = names.map((name) => `<div><h4>${escapeHtml(name)}</h4>${jsonBlock(payloads[name])}</div>`).join('');
  return `<p class="muted">${names.length} transform${names.length === 1 ? '' : 's'} computed from the same final snapshot; ${differences.length} field${differences.length === 1 ? '' : 's'} differ.</p>
${table}
${noteList}
<details class="raw"><summary>Each transform's payload</summary><div class="three">${payloadPanes}</div></details>`;
}
