/**
 * Turns what a user names on the command line — a run directory, a results.json file, or a
 * history id — into a history record to compare (node side). Every failure is a
 * UsageError (exit 2) that names the argument and what was wrong with it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import { RESULTS_FILE } from '../results/writeResults.ts';
import { kindOf, recordFromResults, type HistoryRun } from './historyRecord.ts';
import { describeHistory, hasRun, lastGreenRuns, listRuns, loadRun, type HistoryListing } from './historyStore.ts';
import { poolRuns } from './poolRuns.ts';
import { scenariosOf } from './historyRecord.ts';

/** The baseline keyword that picks the latest passed run before the current one. */
export const LAST_GREEN = 'last-green';

export interface ComparedRun {
  run: HistoryRun;
  /** how the output names where it came from: the run directory, or `history:<id>` */
  source: string;
  /** the run directory when the argument was one (compare.md goes there by default); else null */
  runDir: string | null;
}

/** Does the argument look like a path rather than an id? (ids never hold a separator) */
function looksLikePath(arg: string): boolean {
  return arg.includes('/') || arg.includes(sep) || arg.startsWith('.') || existsSync(arg);
}

/**
 * @param role how messages name the argument: 'BASELINE' or 'CURRENT'
 * @param listing the history, when the caller already read it
 */
export function loadComparedRun(arg: string, role: string, historyDir: string, listing?: HistoryListing): ComparedRun {
  if (!looksLikePath(arg)) {
    const history = listing ?? listRuns(historyDir);
    if (!hasRun(arg, history)) {
      throw new UsageError(`${role}: ${arg} is neither a run directory nor a run id in history ${displayPath(historyDir)} (${describeHistory(historyDir, history)})`, EXIT.usage);
    }
    const run = loadRun(historyDir, arg, history);
    return { run, source: `history:${run.id}`, runDir: null };
  }
  const results = loadResultsFile(arg, role);
  const runDir = statSync(arg).isDirectory() ? arg : join(arg, '..');
  return { run: recordFromResults(results, { runDir }), source: displayPath(runDir), runDir };
}

/** The results.json of a run directory (or the file itself), checked; `role` prefixes every message. */
export function loadResultsFile(arg: string, role: string): RunResults {
  if (!existsSync(arg)) throw new UsageError(`${role}: no such run directory: ${arg}`, EXIT.usage);
  const isDir = statSync(arg).isDirectory();
  const file = isDir ? join(arg, RESULTS_FILE) : arg;
  if (isDir && !existsSync(file)) throw new UsageError(`${role}: ${arg} has no ${RESULTS_FILE}; is it a run directory? (a run that was killed before it finished writes none)`, EXIT.usage);
  if (!isDir && basename(arg) !== RESULTS_FILE) throw new UsageError(`${role}: ${arg} is a file; give a run directory, its ${RESULTS_FILE}, or a history id`, EXIT.usage);
  return readResults(file, role);
}

/**
 * The baseline for `current`: `last-green` (the latest passed run of the same kind, run or
 * soak, in the history that started before it and shares a scenario with it, preferring one that has all of them;
 * with `runs` > 1, that many green runs pooled into one sample), or a run directory /
 * history id as in loadComparedRun.
 */
export function loadBaseline(arg: string, current: HistoryRun, historyDir: string, listing: HistoryListing = listRuns(historyDir), runs = 1): ComparedRun {
  if (arg !== LAST_GREEN) {
    if (runs !== 1) throw new UsageError(`--baseline-runs ${runs} pools green runs from the history; it needs --baseline ${LAST_GREEN}`, EXIT.usage);
    return loadComparedRun(arg, 'BASELINE', historyDir, listing);
  }
  const kind = kindOf(current);
  const entries = lastGreenRuns(historyDir, runs, { before: current.startedAt, excludeId: current.id, scenarios: scenariosOf(current), kind }, listing);
  if (entries.length === 0) {
    const passed = listing.runs.filter((r) => r.status === 'passed').length;
    const held = listing.runs.length;
    const soaks = listing.runs.filter((r) => r.kind === 'soak').length;
    // a soak is compared only with soaks, a run only with runs: say so when the other kind is all there is
    const soakCount = `${soaks === 0 ? 'none' : soaks} ${soaks === 1 ? 'is a soak' : 'are soaks'}`;
    const ofKind = kind === 'soak' ? `; ${soakCount}` : soaks > 0 ? `; ${soakCount}, which a run is never compared with` : '';
    throw new UsageError(
      `no green ${kind} in history ${displayPath(historyDir)} before ${current.id} sharing a scenario with it ` +
        `(the history holds ${held} run${held === 1 ? '' : 's'}, ${passed} passed${ofKind})`,
      EXIT.usage,
    );
  }
  if (entries.length === 1) return loadComparedRun(entries[0]!.id, 'BASELINE', historyDir, listing);
  const records = entries.map((e) => loadRun(historyDir, e.id, listing));
  const note = entries.length < runs ? ` (of ${runs} asked for)` : '';
  return { run: poolRuns(records), source: `history: the last ${entries.length} green runs pooled${note}`, runDir: null };
}

function readResults(file: string, role: string): RunResults {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${role}: cannot read ${file}: ${code ?? (error as Error).message}`, EXIT.usage);
  }
  const problems = resultsProblems(value);
  if (problems.length > 0) throw new UsageError(`${role}: ${file} is not a callsoak results.json: ${problems.join('; ')}`, EXIT.usage);
  return value as RunResults;
}

/** The fields compare reads; results.json has no schema of its own, so they are checked here. */
function resultsProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return ['not a JSON object'];
  const v = value as { schemaVersion?: unknown; run?: Record<string, unknown>; calls?: unknown };
  const problems: string[] = [];
  if (v.schemaVersion !== 1) problems.push(`schemaVersion must be 1, got ${JSON.stringify(v.schemaVersion) ?? 'nothing'}`);
  if (!v.run || typeof v.run !== 'object') problems.push('run is required');
  else {
    for (const field of ['id', 'startedAt', 'finishedAt', 'status'] as const) {
      if (typeof v.run[field] !== 'string') problems.push(`run.${field} must be a string`);
    }
    if (typeof v.run.seed !== 'number') problems.push('run.seed must be a number');
    const browser = v.run.browser as { name?: unknown; version?: unknown } | undefined;
    if (typeof browser?.name !== 'string' || typeof browser.version !== 'string') problems.push('run.browser must have name and version');
  }
  if (!Array.isArray(v.calls)) problems.push('calls must be a list');
  else {
    v.calls.forEach((call: unknown, i) => {
      if (typeof (call as { scenario?: unknown } | null)?.scenario !== 'string') problems.push(`calls[${i}].scenario must be a string`);
    });
  }
  return problems;
}
