/**
 * compare.html: one self-contained page (inline style, no script, no external asset) with
 * the same content as compare.md. Pure.
 */
import type { Comparison, Verdict } from './compareTypes.ts';
import { COLUMNS, countsLine, rowCells, rowSentence, rowsOf, runLine, VERDICT_ORDER } from './describeComparison.ts';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
h1{font-size:1.3rem}h2{font-size:1.05rem;margin-top:1.4rem}
table{border-collapse:collapse;margin:.6rem 0}
th,td{border:1px solid #d0d0d0;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.regression td{background:#fde2e1}tr.improvement td{background:#e1f5e4}tr.changed td{background:#fff4d6}
tr.insufficient td{color:#777}.meta{color:#444}.method{color:#555;font-size:.9em}
`;

function table(comparison: Comparison, verdicts: readonly Verdict[]): string {
  const rows = rowsOf(comparison, verdicts);
  const numeric = new Set([3, 4, 5, 6, 7, 8]);
  const body = rows
    .map((r) => `<tr class="${r.verdict}" title="${escape(r.reason)}">${rowCells(r).map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${escape(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${COLUMNS.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

export function renderHtml(comparison: Comparison): string {
  const c = comparison;
  const title = `callsoak compare: ${c.regression ? 'REGRESSION' : 'no regression'}`;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>${escape(title)}</h1>`,
    `<p>${escape(countsLine(c))}</p>`,
    `<ul class="meta"><li>baseline: ${escape(runLine(c.baseline))}</li><li>current: ${escape(runLine(c.current))}</li></ul>`,
  ];
  const flaggedVerdicts = VERDICT_ORDER.slice(0, 3);
  const flagged = rowsOf(c, flaggedVerdicts);
  if (flagged.length > 0) {
    parts.push('<h2>Flagged</h2>', `<ul>${flagged.map((r) => `<li class="${r.verdict}">${escape(`${r.verdict}: ${rowSentence(r, c.confidence)}`)}</li>`).join('')}</ul>`);
    parts.push(table(c, flaggedVerdicts));
  }
  const quiet = rowsOf(c, ['unchanged', 'insufficient']);
  if (quiet.length > 0) parts.push(`<h2>Unchanged or untested (${quiet.length})</h2>`, table(c, ['unchanged', 'insufficient']));
  if (c.onlyInBaseline.length > 0) parts.push(`<p>Only in the baseline (not compared): ${escape(c.onlyInBaseline.join(', '))}</p>`);
  if (c.onlyInCurrent.length > 0) parts.push(`<p>Only in the current run (not compared): ${escape(c.onlyInCurrent.join(', '))}</p>`);
  parts.push(`<p class="method">Method: ${escape(c.method)}. Hover a row for the reason of its verdict.</p>`, '</body></html>', '');
  return parts.join('\n');
}
