/** compare.md and compare.html say the same thing, and neither can be broken by a scenario name. */
import { test, expect } from '@playwright/test';
import { compareRuns } from '../../../harness/compare/compareRuns.ts';
import { renderHtml } from '../../../harness/compare/renderHtml.ts';
import { renderMarkdown } from '../../../harness/compare/renderMarkdown.ts';
import { runOfValues, seeded, syntheticRun } from './support/syntheticRuns.ts';

const shifted = () => {
  const rand = seeded(21);
  return compareRuns(syntheticRun(rand, { id: 'base', jitterMs: { mean: 18, sd: 3 } }), syntheticRun(rand, { id: 'cur', jitterMs: { mean: 38, sd: 4 } }));
};

test('Markdown: verdict heading, counts, a sentence per flagged metric, flagged table, unchanged folded away, method', () => {
  const md = renderMarkdown(shifted());
  const lines = md.split('\n');
  expect(lines[0]).toBe('# callsoak compare: REGRESSION');
  expect(lines[2]).toBe('2 regressions, 14 unchanged');
  expect(lines).toContain('## Regressions');
  expect(lines.filter((l) => l.startsWith('- hangup-call · '))).toHaveLength(2);
  expect(lines.filter((l) => l.startsWith('| regression |'))).toHaveLength(2);
  expect(lines).toContain('<details><summary>14 unchanged or untested</summary>');
  expect(lines.filter((l) => l.startsWith('| unchanged |'))).toHaveLength(14);
  expect(md).toMatch(/\nMethod: two-sided Mann–Whitney U .* Holm \(family-wise error rate\) over 13 tests, .*\.\n$/);
});

test('HTML: the same rows, self-contained, and a hostile scenario name is text, not markup', () => {
  const c = compareRuns(runOfValues('a', 'audio.jitter_ms', [1, 2, 3, 4, 5, 6], '<img src=x onerror=alert(1)>|x'), runOfValues('b', 'audio.jitter_ms', [30, 31, 32, 33, 34, 35], '<img src=x onerror=alert(1)>|x'));
  const html = renderHtml(c);
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;|x');
  expect(html).not.toMatch(/<script|<link|https?:\/\//);
  expect(html.match(/<tr class="regression"/g)).toHaveLength(1);
  // in Markdown the pipe is escaped so the table keeps its columns
  const row = renderMarkdown(c).split('\n').find((l) => l.startsWith('| regression |'))!;
  expect(row.split(/(?<!\\)\|/).length - 2).toBe(9);
});

test('shared scenarios only: the rest is listed under the table', () => {
  const rand = seeded(2);
  const md = renderMarkdown(compareRuns(syntheticRun(rand, { scenarios: ['a', 'b'] }), syntheticRun(rand, { scenarios: ['b', 'c'] })));
  expect(md).toContain('\nOnly in the baseline (not compared): a\n');
  expect(md).toContain('\nOnly in the current run (not compared): c\n');
});
