/**
 * compare.md: what a nightly job posts. Flagged rows first as sentences and a table; the
 * unchanged ones folded into a <details> block (GitHub renders it; a terminal shows it
 * plainly). Pure.
 */
import type { Comparison } from './compareTypes.ts';
import { COLUMNS, countsLine, rowCells, rowSentence, rowsOf, runLine } from './describeComparison.ts';

/** Markdown table cells cannot hold a pipe or a newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function table(rows: string[][]): string[] {
  return [`| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export function renderMarkdown(comparison: Comparison): string {
  const c = comparison;
  const out: string[] = [
    `# callsoak compare: ${c.regression ? 'REGRESSION' : 'no regression'}`,
    '',
    countsLine(c),
    '',
    `- baseline: ${cell(runLine(c.baseline))}`,
    `- current: ${cell(runLine(c.current))}`,
    '',
  ];
  for (const [verdict, title] of [
    ['regression', 'Regressions'],
    ['improvement', 'Improvements'],
    ['changed', 'Changed (no better direction)'],
  ] as const) {
    const rows = c.rows.filter((r) => r.verdict === verdict);
    if (rows.length === 0) continue;
    out.push(`## ${title}`, '', ...rows.map((r) => `- ${rowSentence(r, c.confidence)}`), '');
  }
  const flagged = rowsOf(c, ['regression', 'improvement', 'changed']);
  if (flagged.length > 0) out.push(...table(flagged.map(rowCells)), '');
  const quiet = rowsOf(c, ['unchanged', 'insufficient']);
  if (quiet.length > 0) {
    out.push(`<details><summary>${quiet.length} unchanged or untested</summary>`, '', ...table(quiet.map(rowCells)), '', '</details>', '');
  }
  if (c.onlyInBaseline.length > 0) out.push(`Only in the baseline (not compared): ${c.onlyInBaseline.join(', ')}`, '');
  if (c.onlyInCurrent.length > 0) out.push(`Only in the current run (not compared): ${c.onlyInCurrent.join(', ')}`, '');
  out.push(`Method: ${c.method}.`, '');
  return out.join('\n');
}
