/**
 * The metric list as a Markdown table, exactly as harness/thresholds/README.md shows it (a
 * test keeps the two equal, so the documented list cannot drift from the code). Pure.
 */
import { METRICS, METRIC_NAMES } from './metrics.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function metricsMarkdownTable(): string {
  const rows = METRIC_NAMES.map((name) => {
    const m = METRICS[name];
    return `| \`${name}\` | ${m.unit} | ${cell(m.description)} | ${cell(m.computed)} |`;
  });
  return ['| metric | unit | what | per-call value |', '|---|---|---|---|', ...rows].join('\n');
}
