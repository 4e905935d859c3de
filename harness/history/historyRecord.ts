/**
 * One run as the history keeps it: run meta plus, per call, its scenario and the value of
 * every per-call metric (harness/metrics/metrics.ts, the project's one metric list).
 * Compact (a few kB where results.json is hundreds), and self-sufficient: `compare` needs
 * nothing else, so a run still compares after its run directory was deleted.
 * The TypeBox schema is the file format, the static type and the check on load. Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { RunResults } from '../results/resultsTypes.ts';
import { metricValues } from '../metrics/metrics.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';

export const HISTORY_VERSION = 1;

const RunStatusSchema = Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('interrupted')]);

/**
 * Which command made the run: `run` (scripted calls of seconds) or `soak` (calls held for
 * minutes to hours). last-green compares a run only with runs and a soak only with soaks:
 * their calls differ too much in length for their metrics to share a baseline.
 */
export const RunKindSchema = Type.Union([Type.Literal('run'), Type.Literal('soak')]);
export type RunKind = Static<typeof RunKindSchema>;

export const HistoryCallSchema = Type.Object({
  /** scenario id; calls repeated with --repeat share it */
  scenario: Type.String({ minLength: 1 }),
  callId: Type.String(),
  /** the call's own verdict; null when results.json had none (interrupted mid-call) */
  status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Null()]),
  /** metric name → value in the metric's unit; a metric the call has no value for is absent */
  metrics: Type.Record(Type.String(), Type.Number()),
});

export const HistoryRunSchema = Type.Object(
  {
    historyVersion: Type.Literal(HISTORY_VERSION),
    /** the run id from results.json (`<UTC time>-<4 hex>`), also the record's file name */
    id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', maxLength: 200 }),
    /** ISO 8601 */
    startedAt: Type.String(),
    /** ISO 8601 */
    finishedAt: Type.String(),
    status: RunStatusSchema,
    /** absent in records written before soaks were recorded, which are all runs (see kindOf) */
    kind: Type.Optional(RunKindSchema),
    seed: Type.Number(),
    browser: Type.Object({ name: Type.String(), version: Type.String() }),
    /** callsoak's version; null when results.json did not say */
    harnessVersion: Type.Union([Type.String(), Type.Null()]),
    /** `git rev-parse HEAD` where the run was recorded; null outside a git checkout */
    gitRevision: Type.Union([Type.String(), Type.Null()]),
    /** the run directory, relative to the history directory (absolute when on another tree); null when unknown */
    runDir: Type.Union([Type.String(), Type.Null()]),
    /** when the record was written, ISO 8601 */
    recordedAt: Type.String(),
    calls: Type.Array(HistoryCallSchema),
  },
  { title: 'callsoak history record', description: 'One run in the history: meta and per-call metric values.' },
);

export type HistoryCall = Static<typeof HistoryCallSchema>;
export type HistoryRun = Static<typeof HistoryRunSchema>;

export interface RecordContext {
  /** see HistoryRun.gitRevision; default null */
  gitRevision?: string | null;
  /** see HistoryRun.runDir; default null */
  runDir?: string | null;
  /** default: now */
  recordedAt?: Date;
}

/** The history record of a run's results.json. */
export function recordFromResults(results: RunResults, context: RecordContext = {}): HistoryRun {
  const { run } = results;
  return {
    historyVersion: HISTORY_VERSION,
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    kind: results.soak ? 'soak' : 'run',
    seed: run.seed,
    browser: { name: run.browser.name, version: run.browser.version },
    harnessVersion: run.harnessVersion ?? null,
    gitRevision: context.gitRevision ?? null,
    runDir: context.runDir ?? null,
    recordedAt: (context.recordedAt ?? new Date()).toISOString(),
    // a call without a verdict (not started, cut off) has no metrics to compare
    calls: results.calls.flatMap((call) => (call.status === 'skipped' ? [] : [{
      scenario: call.scenario,
      callId: call.callId,
      status: call.status ?? null,
      metrics: metricValues(call) as Record<string, number>,
    }])),
  };
}

/** The kind of a record; a record without one predates soaks in the history and is a run. */
export function kindOf(run: Pick<HistoryRun, 'kind'>): RunKind {
  return run.kind ?? 'run';
}

/** Scenario ids of a run, in the order they first appear. */
export function scenariosOf(run: Pick<HistoryRun, 'calls'>): string[] {
  return [...new Set(run.calls.map((c) => c.scenario))];
}

/** Parses and checks a record file; throws an Error naming `name` and every problem. */
export function parseRecord(text: string, name: string): HistoryRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const errors = schemaErrors(HistoryRunSchema, value);
  if (errors.length > 0) throw new Error(`${name}: not a callsoak history record: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}`);
  return value as HistoryRun;
}
