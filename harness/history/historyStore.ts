/**
 * The run history (node side): an append-only store of compact run records.
 *
 *   <historyDir>/index.jsonl       one event per line (historyIndex.ts)
 *   <historyDir>/runs/<id>.json    one record per run (historyRecord.ts), never rewritten
 *
 * A record is written to a temp file and hard-linked into place, which fails rather than
 * replaces when the name exists: no code path here can overwrite an earlier run. The index
 * line is appended after the record is in place, so a crash in between leaves a record
 * without a line, which listRuns still finds (and says so). Default location:
 * `reports/history` under the working directory (`--history DIR` elsewhere).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import type { RunResults, RunStatus } from '../results/resultsTypes.ts';
import { gitRevision as currentGitRevision } from './gitRevision.ts';
import { appendIndexEvent, INDEX_FILE, readIndex } from './historyIndex.ts';
import { kindOf, parseRecord, recordFromResults, scenariosOf, type HistoryRun, type RunKind } from './historyRecord.ts';
import { writeRecordOnce } from './writeRecordOnce.ts';

const RUNS_DIR = 'runs';
/** A run id is a file name: letters, digits, `.`, `_`, `-`, not starting with a dot. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The default history directory: `reports/history` under `cwd`. */
export function defaultHistoryDir(cwd = process.cwd()): string {
  return join(cwd, 'reports', 'history');
}

/** One run as the history lists it. */
export interface HistoryEntry {
  id: string;
  /** ISO 8601 */
  startedAt: string;
  /** ISO 8601; null for a run that never got recorded */
  finishedAt: string | null;
  /** 'interrupted' also for a run that started and was never recorded */
  status: RunStatus;
  /** `callsoak run` or `callsoak soak` */
  kind: RunKind;
  /** whether a record file with its metrics exists (false: started, then killed) */
  recorded: boolean;
  /** the record file relative to the history directory; null when not recorded */
  file: string | null;
  scenarios: string[];
  /** calls recorded; 0 when not recorded */
  calls: number;
  gitRevision: string | null;
  /** why this entry looks unusual, for listings; absent when it does not */
  note?: string;
}

export interface HistoryListing {
  /** oldest first (by startedAt, then id) */
  runs: HistoryEntry[];
  /** skipped index lines and unreadable record files, one sentence each */
  problems: string[];
}

/**
 * Marks a run as started. Optional: a run that calls it and is then killed shows up as
 * interrupted, where one that never called it leaves no trace.
 */
export function beginRun(historyDir: string, run: { id: string; startedAt: string; kind: RunKind }): void {
  checkId(run.id);
  mkdirSync(historyDir, { recursive: true });
  appendIndexEvent(join(historyDir, INDEX_FILE), { event: 'started', id: run.id, startedAt: run.startedAt, kind: run.kind });
}

/** Marks a started run whose results could not be written; it stays out of every comparison. */
export function markUnwritten(historyDir: string, run: { id: string; reason: string }): void {
  checkId(run.id);
  appendIndexEvent(join(historyDir, INDEX_FILE), { event: 'unwritten', id: run.id, at: new Date().toISOString(), reason: run.reason });
}

export interface AppendOptions {
  /** `git rev-parse HEAD` by default (in the working directory); pass null to leave it out */
  gitRevision?: string | null;
  /** record time; default now */
  recordedAt?: Date;
}

export interface Appended {
  id: string;
  /** absolute path of the record file */
  file: string;
  /** true when the identical record was already there (appending twice is harmless) */
  alreadyRecorded: boolean;
  record: HistoryRun;
}

/**
 * Adds a finished (or interrupted) run to the history. `runDir` is where its results.json
 * lives (kept as a pointer, relative to the history when it can be), or null.
 * Throws when the history already holds a *different* record under the same run id.
 */
export function appendRun(historyDir: string, runDir: string | null, results: RunResults, options: AppendOptions = {}): Appended {
  checkId(results.run.id);
  const runsDir = join(historyDir, RUNS_DIR);
  mkdirSync(runsDir, { recursive: true });
  const record = recordFromResults(results, {
    gitRevision: options.gitRevision === undefined ? currentGitRevision() : options.gitRevision,
    runDir: runDir === null ? null : pointer(historyDir, runDir),
    recordedAt: options.recordedAt,
  });
  const fileName = `${RUNS_DIR}/${record.id}.json`;
  const file = join(historyDir, fileName);
  const written = writeRecordOnce(file, record);
  if (written === 'same-metrics') {
    return { id: record.id, file, alreadyRecorded: true, record: parseRecord(readFileSync(file, 'utf8'), file) };
  }
  appendIndexEvent(join(historyDir, INDEX_FILE), {
    event: 'recorded',
    id: record.id,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    status: record.status,
    file: fileName,
    scenarios: scenariosOf(record),
    calls: record.calls.length,
    gitRevision: record.gitRevision,
    kind: kindOf(record),
  });
  return { id: record.id, file, alreadyRecorded: false, record };
}

/** Every run in the history, oldest first, plus what had to be skipped. A missing directory is an empty history. */
export function listRuns(historyDir: string): HistoryListing {
  const { events, problems } = readIndex(join(historyDir, INDEX_FILE), displayName(historyDir, INDEX_FILE));
  const byId = new Map<string, HistoryEntry>();
  for (const event of events) {
    if (event.event === 'started') {
      if (byId.get(event.id)?.recorded) continue; // lines out of order: the record wins
      byId.set(event.id, {
        id: event.id,
        startedAt: event.startedAt,
        finishedAt: null,
        status: 'interrupted',
        kind: kindOf(event),
        recorded: false,
        file: null,
        scenarios: [],
        calls: 0,
        gitRevision: null,
        note: 'started but never recorded: the run was killed before it finished',
      });
    } else if (event.event === 'unwritten') {
      const started = byId.get(event.id);
      if (started?.recorded) continue;
      byId.set(event.id, {
        id: event.id,
        startedAt: started?.startedAt ?? event.at,
        finishedAt: event.at,
        status: 'failed',
        kind: started?.kind ?? 'run',
        recorded: false,
        file: null,
        scenarios: [],
        calls: 0,
        gitRevision: null,
        note: `its results could not be written: ${event.reason}`,
      });
    } else {
      const { event: _kind, ...entry } = event;
      byId.set(event.id, { ...entry, kind: kindOf(entry), recorded: true });
    }
  }
  // records whose index line was lost (crash between the two writes) are still runs
  const runsDir = join(historyDir, RUNS_DIR);
  const files = existsSync(runsDir) ? readdirSync(runsDir).filter((f) => f.endsWith('.json') && !f.startsWith('.')) : [];
  for (const name of files) {
    const id = name.slice(0, -'.json'.length);
    if (byId.get(id)?.recorded) continue;
    const path = join(runsDir, name);
    try {
      const record = parseRecord(readFileSync(path, 'utf8'), displayName(historyDir, `${RUNS_DIR}/${name}`));
      byId.set(id, {
        ...entryOf(record, `${RUNS_DIR}/${name}`),
        note: `recovered from ${RUNS_DIR}/${name}: its index line is missing`,
      });
    } catch (error) {
      problems.push(`${(error as Error).message}; skipped`);
    }
  }
  const runs = [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { runs, problems };
}

/**
 * The record of run `id` (or of the one run whose id starts with it). Throws a UsageError
 * (exit 2) that says what the history does hold when there is no such run.
 */
export function loadRun(historyDir: string, id: string, listing: HistoryListing = listRuns(historyDir)): HistoryRun {
  const entry = findEntry(historyDir, id, listing);
  if (!entry.recorded || entry.file === null) {
    throw new UsageError(`run ${entry.id} in history ${displayName(historyDir)} was interrupted before it was recorded; it has no metrics to compare`, EXIT.usage);
  }
  const path = join(historyDir, entry.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the record of run ${entry.id}: ${displayName(historyDir, entry.file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  try {
    return parseRecord(text, displayName(historyDir, entry.file));
  } catch (error) {
    throw new UsageError((error as Error).message, EXIT.usage);
  }
}

export interface LastGreenOptions {
  /** only runs that started before this ISO 8601 time */
  before?: string;
  /** never this run (the current one, when it is already in the history) */
  excludeId?: string;
  /** only runs of this kind (a soak's baseline is a soak); default: any */
  kind?: RunKind;
  /**
   * the scenarios about to be compared: the latest green run holding all of them is
   * preferred, then the latest holding any; default: any run
   */
  scenarios?: readonly string[];
}

/** The most recent run that passed (interrupted and failed runs never qualify); undefined when there is none. */
export function lastGreen(historyDir: string, options: LastGreenOptions = {}, listing: HistoryListing = listRuns(historyDir)): HistoryEntry | undefined {
  return lastGreenRuns(historyDir, 1, options, listing)[0];
}

/**
 * The `count` most recent runs that passed, latest first (fewer when the history has fewer).
 * With `scenarios`, the latest green run holding all of them comes first, and the rest are
 * the latest green runs sharing at least one of them.
 */
export function lastGreenRuns(historyDir: string, count: number, options: LastGreenOptions = {}, listing: HistoryListing = listRuns(historyDir)): HistoryEntry[] {
  const green = listing.runs
    .filter(
      (r) =>
        r.status === 'passed' &&
        r.recorded &&
        (options.before === undefined || r.startedAt < options.before) &&
        r.id !== options.excludeId &&
        (options.kind === undefined || r.kind === options.kind),
    )
    .reverse();
  const wanted = options.scenarios ?? [];
  if (wanted.length === 0) return green.slice(0, count);
  const first = green.find((r) => wanted.every((s) => r.scenarios.includes(s))) ?? green.find((r) => wanted.some((s) => r.scenarios.includes(s)));
  if (!first) return [];
  const rest = green.filter((r) => r !== first && wanted.some((s) => r.scenarios.includes(s)));
  return [first, ...rest].slice(0, count);
}

function findEntry(historyDir: string, id: string, listing: HistoryListing): HistoryEntry {
  const exact = listing.runs.find((r) => r.id === id);
  if (exact) return exact;
  const prefixed = id.length >= 4 ? listing.runs.filter((r) => r.id.startsWith(id)) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  const where = `history ${displayName(historyDir)}`;
  if (prefixed.length > 1) {
    throw new UsageError(`run id ${id} is ambiguous in ${where}: it starts ${prefixed.length} ids (${prefixed.slice(0, 3).map((r) => r.id).join(', ')}${prefixed.length > 3 ? ', …' : ''})`, EXIT.usage);
  }
  throw new UsageError(`unknown run id ${id} in ${where} (${describeHistory(historyDir, listing)})`, EXIT.usage);
}

/** Whether an id (or a unique prefix of one) names a run in the listing. */
export function hasRun(id: string, listing: HistoryListing): boolean {
  return listing.runs.some((r) => r.id === id) || (id.length >= 4 && listing.runs.filter((r) => r.id.startsWith(id)).length === 1);
}

/** What a history holds, for messages: "it holds 3 runs, the latest <id>". */
export function describeHistory(historyDir: string, listing: HistoryListing): string {
  if (!existsSync(historyDir)) return 'no such directory';
  const held = listing.runs.length;
  return held === 0 ? 'it holds no runs' : `it holds ${held} run${held === 1 ? '' : 's'}, the latest ${listing.runs.at(-1)!.id}`;
}

function entryOf(record: HistoryRun, file: string): HistoryEntry {
  return {
    id: record.id,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    status: record.status,
    kind: kindOf(record),
    recorded: true,
    file,
    scenarios: scenariosOf(record),
    calls: record.calls.length,
    gitRevision: record.gitRevision,
  };
}

function checkId(id: string): void {
  if (!SAFE_ID.test(id)) throw new Error(`run id ${JSON.stringify(id)} cannot name a history file: letters, digits, '.', '_' and '-' only, not starting with '.'`);
}


/** Where the run directory is, as the record keeps it: relative to the history when on the same tree. */
function pointer(historyDir: string, runDir: string): string {
  const rel = relative(resolve(historyDir), resolve(runDir));
  return rel === '' || isAbsolute(rel) ? resolve(runDir) : rel;
}

/** A path inside the history as messages show it. */
function displayName(historyDir: string, inside = ''): string {
  return displayPath(resolve(historyDir, inside));
}
