/**
 * What `run` and `soak` do once results.json is written (node side): record the run in the
 * history and, with --compare-to, compare it with its baseline there (a soak's last-green is
 * a soak, a run's a run) and print the comparison. The caller turns a regression into exit 4.
 */
import { appendRun } from '../history/historyStore.ts';
import { LAST_GREEN, loadComparedRun } from '../history/loadComparedRun.ts';
import { compareToHistory } from '../compare/compareToHistory.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import { UsageError } from '../exit/exitCodes.ts';

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

/**
 * What is wrong with --compare-to / --baseline-runs, found before the first call rather than
 * after an hour of soak; empty when nothing is. A named baseline (run directory or history
 * id) must exist now; last-green is looked up at the end, when the history may hold more.
 */
export function compareToProblems(compareTo: string | undefined, baselineRuns: number, historyDir: string): string[] {
  if (compareTo === undefined) return baselineRuns === 1 ? [] : [`--baseline-runs ${baselineRuns} needs --compare-to ${LAST_GREEN}`];
  if (compareTo === LAST_GREEN) return [];
  const problems = baselineRuns === 1 ? [] : [`--baseline-runs ${baselineRuns} pools green runs from the history; it needs --compare-to ${LAST_GREEN}, not ${compareTo}`];
  try {
    loadComparedRun(compareTo, '--compare-to', historyDir);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push(error.message);
  }
  return problems;
}
