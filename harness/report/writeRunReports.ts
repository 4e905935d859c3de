/**
 * Writes a run's human and CI reports beside its results.json (node side):
 *  - index.html — the self-contained report with charts (opens offline);
 *  - junit.xml  — one testcase per call, one per threshold;
 *  - summary.md — a short Markdown summary for a CI job summary;
 *  - thresholds.json — the threshold results, when there are any, so that
 *    `callsoak report RUN_DIR` can re-render them later.
 * Each file is written whole or not at all (results/runDirWrites.ts); a failed write throws a
 * WriteFailure naming the file.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../results/runDirWrites.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import type { ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { renderReportHtml } from './html/renderReportHtml.ts';
import { renderJunitXml } from './junitXml.ts';
import { renderMarkdownSummary } from './markdownSummary.ts';

export const REPORT_FILES = { html: 'index.html', junit: 'junit.xml', markdown: 'summary.md', thresholds: 'thresholds.json' } as const;

export interface ReportPaths {
  /** path of index.html */
  html: string;
  /** path of junit.xml */
  junit: string;
  /** path of summary.md */
  markdown: string;
}

/**
 * @param runDir the run directory (created when missing)
 * @param options.thresholds threshold results to include; default none (an earlier thresholds.json is then left as it is)
 */
export function writeRunReports(runDir: string, results: RunResults, options: { thresholds?: ThresholdResult[] } = {}): ReportPaths {
  const thresholds = options.thresholds ?? [];
  const paths: ReportPaths = {
    html: join(runDir, REPORT_FILES.html),
    junit: join(runDir, REPORT_FILES.junit),
    markdown: join(runDir, REPORT_FILES.markdown),
  };
  writeFileAtomic(paths.html, renderReportHtml(results, { thresholds }));
  writeFileAtomic(paths.junit, renderJunitXml(results, thresholds));
  writeFileAtomic(paths.markdown, renderMarkdownSummary(results, { thresholds }));
  if (options.thresholds && options.thresholds.length > 0) writeFileAtomic(join(runDir, REPORT_FILES.thresholds), `${JSON.stringify(options.thresholds, null, 2)}\n`);
  return paths;
}
