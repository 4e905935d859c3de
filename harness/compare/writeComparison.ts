/** Writes a comparison's compare.md and compare.html into a folder (node side). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './compareTypes.ts';
import { renderHtml } from './renderHtml.ts';
import { renderMarkdown } from './renderMarkdown.ts';

export const COMPARE_MD = 'compare.md';
export const COMPARE_HTML = 'compare.html';

/** @returns the Markdown written and the two files' paths */
export function writeComparison(outDir: string, comparison: Comparison): { markdown: string; files: string[] } {
  mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(comparison);
  const files = [join(outDir, COMPARE_MD), join(outDir, COMPARE_HTML)];
  writeFileSync(files[0]!, markdown);
  writeFileSync(files[1]!, renderHtml(comparison));
  return { markdown, files };
}
