/**
 * What `callsoak run --compare-to last-green` does once the run has written results.json
 * (node side): record the run in the history, pick the baseline from the history (never
 * the run itself), compare, and write compare.md / compare.html into the run directory.
 * The caller turns `comparison.regression` into exit code 4.
 */
import { UsageError } from '../exit/exitCodes.ts';
import { appendRun, listRuns, type Appended } from '../history/historyStore.ts';
import { LAST_GREEN, loadBaseline } from '../history/loadComparedRun.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import { compareRuns, type CompareOptions } from './compareRuns.ts';
import type { Comparison } from './compareTypes.ts';
import { writeComparison } from './writeComparison.ts';

export interface CompareToHistoryOptions extends Omit<CompareOptions, 'sources'> {
  historyDir: string;
  /** the run directory: recorded as the run's location, and where compare.md/.html go */
  runDir: string;
  results: RunResults;
  /** `last-green` (default), a history id or a run directory */
  baseline?: string;
  /** with last-green: pool this many latest green runs; default 1 */
  baselineRuns?: number;
}

export interface ComparedToHistory {
  /** the run as recorded in the history */
  appended: Appended;
  /** null when there was nothing to compare with (see `note`) */
  comparison: Comparison | null;
  /** the Markdown written, or '' */
  markdown: string;
  /** files written */
  files: string[];
  /** why nothing was compared (first night, interrupted run, no shared scenario) */
  note?: string;
  /** history problems worth a warning (skipped index lines, unreadable records) */
  problems: string[];
}

export function compareToHistory(options: CompareToHistoryOptions): ComparedToHistory {
  const { historyDir, runDir, results, baseline = LAST_GREEN, baselineRuns = 1, ...compareOptions } = options;
  const appended = appendRun(historyDir, runDir, results);
  const listing = listRuns(historyDir);
  const none = (note: string): ComparedToHistory => ({ appended, comparison: null, markdown: '', files: [], note, problems: listing.problems });
  if (appended.record.status === 'interrupted') return none('the run was interrupted: recorded in the history, not compared');
  let base;
  try {
    base = loadBaseline(baseline, appended.record, historyDir, listing, baselineRuns);
  } catch (error) {
    // the first night has no green run yet: that is a fact to report, not a failure of this run
    if (error instanceof UsageError && baseline === LAST_GREEN) return none(error.message);
    throw error;
  }
  const comparison = compareRuns(base.run, appended.record, { ...compareOptions, sources: { baseline: base.source, current: runDir } });
  if (comparison.rows.length === 0) return none(`the baseline ${base.run.id} shares no scenario with this run`);
  const { markdown, files } = writeComparison(runDir, comparison);
  return { appended, comparison, markdown, files, problems: listing.problems };
}
