/**
 * What `run` and `soak` do once results.json is written (node side): record the run in the
 * history and, with --compare-to, compare it with its baseline there (a soak's last-green is
 * a soak, a run's a run) and print the comparison. The caller turns a regression into exit 4.
 */
import { appendRun } from '../history/historyStore.ts';
import { compareToHistory } from '../compare/compareToHistory.ts';
import type { RunResults } from '../results/resultsTypes.ts';

export interface RecordAndCompareOptions {
  historyDir: string;
  runDir: string;
  results: RunResults;
  /** --compare-to: last-green, a history id or a run directory; absent: record only */
  compareTo?: string;
  /** --baseline-runs: green runs pooled as the baseline; default 1 */
  baselineRuns?: number;
  /** where notes go (stderr); the comparison's Markdown goes to stdout */
  log: (line: string) => void;
}

/** Records the run; returns true when it was compared and regressed. */
export function recordAndCompare(options: RecordAndCompareOptions): boolean {
  const { historyDir, runDir, results, compareTo, baselineRuns, log } = options;
  if (!compareTo) {
    appendRun(historyDir, runDir, results);
    return false;
  }
  const compared = compareToHistory({ historyDir, runDir, results, baseline: compareTo, ...(baselineRuns !== undefined ? { baselineRuns } : {}) });
  for (const problem of compared.problems) log(`history: ${problem}`);
  if (compared.note) log(`compare: ${compared.note}`);
  if (compared.markdown) process.stdout.write(`${compared.markdown}\n`);
  return compared.comparison?.regression === true;
}
