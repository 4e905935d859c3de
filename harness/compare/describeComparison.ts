/**
 * The words and cells both renderers (Markdown, HTML) show for a comparison, so the two
 * always say the same thing. Pure.
 */
import { formatNumber, formatWithUnit } from '../metrics/formatNumber.ts';
import type { Comparison, ComparisonRow, RunRef, Verdict } from './compareTypes.ts';

/** Flagged verdicts first; the order tables list rows in. */
export const VERDICT_ORDER: readonly Verdict[] = ['regression', 'improvement', 'changed', 'unchanged', 'insufficient'];

export const VERDICT_LABEL: Record<Verdict, string> = {
  regression: 'regression',
  improvement: 'improvement',
  changed: 'changed',
  unchanged: 'unchanged',
  insufficient: 'too few calls',
};

export const COLUMNS = ['verdict', 'scenario', 'metric', 'baseline median (p95)', 'current median (p95)', 'calls', 'shift [CI]', 'p', 'adjusted p'] as const;

function signed(value: number, unit: string): string {
  const text = formatWithUnit(value, unit);
  return value > 0 ? `+${text}` : text;
}

function signedNumber(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}

export function formatP(p: number | null): string {
  if (p === null) return '–';
  if (p < 0.0001) return '<0.0001';
  return String(Number(p.toPrecision(2)));
}

function medianP95(side: ComparisonRow['baseline'], unit: string): string {
  if (side.n === 0) return '–';
  return `${formatWithUnit(side.median, unit)} (${formatWithUnit(side.p95, unit)})`;
}

/** The cells of one row, in COLUMNS order, as plain text. */
export function rowCells(row: ComparisonRow): string[] {
  const { shift, ci95 } = row.effect;
  const shiftText = shift === null ? '–' : `${signed(shift, row.unit)}${ci95 ? ` [${signedNumber(ci95[0])}, ${signedNumber(ci95[1])}]` : ''}`;
  return [
    VERDICT_LABEL[row.verdict],
    row.scenario,
    row.metric,
    medianP95(row.baseline, row.unit),
    medianP95(row.current, row.unit),
    `${row.baseline.n} → ${row.current.n}`,
    shiftText,
    formatP(row.pValue),
    formatP(row.qValue),
  ];
}

/**
 * One sentence for a flagged row, the way a nightly report says it:
 * "jitter rose from 18 to 31 ms (median of 10 vs 10 calls; p95 21 → 36 ms) …".
 */
export function rowSentence(row: ComparisonRow, confidence: number): string {
  const { shift, ci95 } = row.effect;
  const b = row.baseline;
  const c = row.current;
  const verb = shift === null || shift === 0 ? 'stayed at' : shift > 0 ? 'rose' : 'fell';
  const from = `from ${formatWithUnit(b.median, row.unit)} to ${formatWithUnit(c.median, row.unit)}`;
  const ci = ci95 ? `, ${Math.round(confidence * 100)}% CI [${signed(ci95[0], row.unit)}, ${signed(ci95[1], row.unit)}]` : '';
  return (
    `${row.scenario} · ${row.metric} ${verb} ${from} (median of ${b.n} vs ${c.n} calls; p95 ${formatWithUnit(b.p95, row.unit)} → ${formatWithUnit(c.p95, row.unit)}): ` +
    `shift ${shift === null ? '–' : signed(shift, row.unit)}${ci}, adjusted p ${formatP(row.qValue)}`
  );
}

/** "1 regression, 2 improvements, 40 unchanged" */
export function countsLine(comparison: Comparison): string {
  const parts: string[] = [];
  for (const v of VERDICT_ORDER) {
    const n = comparison.counts[v];
    if (n === 0) continue;
    const word = v === 'insufficient' ? 'with too few calls' : v === 'unchanged' || v === 'changed' ? v : `${v}${n === 1 ? '' : 's'}`;
    parts.push(`${n} ${word}`);
  }
  return parts.length ? parts.join(', ') : 'nothing to compare';
}

/** "2026-11-24T12-44-36Z-87a6 (passed, 2026-11-24 12:44 UTC, git 1a2b3c4, Chromium 156…, 10 calls) from reports/…" */
export function runLine(ref: RunRef): string {
  const when = ref.startedAt.replace('T', ' ').replace(/:\d{2}(\.\d+)?Z$/, ' UTC');
  const git = ref.gitRevision ? `git ${ref.gitRevision.slice(0, 10)}` : 'no git revision';
  return `${ref.id} (${ref.status}${ref.kind === 'soak' ? ' soak' : ''}, ${when}, ${git}, ${ref.browser}, callsoak ${ref.harnessVersion ?? '?'}, ${ref.calls} call${ref.calls === 1 ? '' : 's'}) from ${ref.source}`;
}

/** The rows of the given verdicts, in table order. */
export function rowsOf(comparison: Comparison, verdicts: readonly Verdict[]): ComparisonRow[] {
  return VERDICT_ORDER.filter((v) => verdicts.includes(v)).flatMap((v) => comparison.rows.filter((r) => r.verdict === v));
}
