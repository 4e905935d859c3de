/**
 * The history's index: `index.jsonl`, one JSON event per line, only ever appended to.
 * A run appends `started` when it begins (optional) and `recorded` once its record file is
 * in place; a `started` without a `recorded` is a run that was killed. `unwritten` says a
 * started run could not write its results (a full disk): it is never recorded or compared. A line torn by a
 * crash mid-write, or mangled by hand, is skipped and reported — never fatal, and never
 * able to take the next appended line down with it (node side).
 */
import { Type, type Static } from '@sinclair/typebox';
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { show } from '../schema/schemaText.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { RunKindSchema } from './historyRecord.ts';

export const INDEX_FILE = 'index.jsonl';

const StartedEventSchema = Type.Object({
  event: Type.Literal('started'),
  id: Type.String({ minLength: 1 }),
  /** ISO 8601 */
  startedAt: Type.String(),
  /** absent in lines written before soaks were recorded: a run */
  kind: Type.Optional(RunKindSchema),
});

const RecordedEventSchema = Type.Object({
  event: Type.Literal('recorded'),
  id: Type.String({ minLength: 1 }),
  /** ISO 8601 */
  startedAt: Type.String(),
  /** ISO 8601 */
  finishedAt: Type.String(),
  status: Type.Union([Type.Literal('passed'), Type.Literal('failed'), Type.Literal('interrupted')]),
  /** the record file, relative to the history directory */
  file: Type.String({ minLength: 1 }),
  /** scenario ids in the run */
  scenarios: Type.Array(Type.String()),
  /** number of calls recorded */
  calls: Type.Integer({ minimum: 0 }),
  gitRevision: Type.Union([Type.String(), Type.Null()]),
  /** absent in lines written before soaks were recorded: a run */
  kind: Type.Optional(RunKindSchema),
});

const UnwrittenEventSchema = Type.Object({
  event: Type.Literal('unwritten'),
  id: Type.String({ minLength: 1 }),
  /** ISO 8601, when the run gave up */
  at: Type.String(),
  /** what could not be written and why, e.g. `cannot write …/results.json: ENOSPC (no space left on device)` */
  reason: Type.String(),
});

export const IndexEventSchema = Type.Union([StartedEventSchema, RecordedEventSchema, UnwrittenEventSchema]);
export type IndexEvent = Static<typeof IndexEventSchema>;
export type RecordedEvent = Static<typeof RecordedEventSchema>;

export interface IndexRead {
  /** the valid events, in file order */
  events: IndexEvent[];
  /** one sentence per skipped line, naming the file and line */
  problems: string[];
}

/** Parses the index text; `name` is how problems name the file. Pure. */
export function parseIndex(text: string, name = INDEX_FILE): IndexRead {
  const events: IndexEvent[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${name} line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const torn = i === lines.length - 1 ? ' (torn: the last write did not finish)' : '';
      problems.push(`${at}: not valid JSON${torn}; skipped`);
      return;
    }
    const kind = (value as { event?: unknown } | null)?.event;
    const schema = kind === 'started' ? StartedEventSchema : kind === 'recorded' ? RecordedEventSchema : kind === 'unwritten' ? UnwrittenEventSchema : null;
    const errors = schema ? schemaErrors(schema, value) : [`event must be 'started', 'recorded' or 'unwritten', got ${kind === undefined ? 'nothing' : show(kind)}`];
    if (errors.length > 0) problems.push(`${at}: ${errors.join('; ')}; skipped`);
    else events.push(value as IndexEvent);
  });
  return { events, problems };
}

/** Reads and parses the index; a missing file is an empty history. */
export function readIndex(path: string, name = INDEX_FILE): IndexRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], problems: [] };
    throw error;
  }
  return parseIndex(text, name);
}

/**
 * Appends one event as one line with a single write. When the file does not end in a
 * newline (an earlier write was torn), the line starts with one, so the torn line stays
 * alone and this one stays readable.
 */
export function appendIndexEvent(path: string, event: IndexEvent): void {
  const fd = openSync(path, 'a+');
  try {
    const { size } = fstatSync(fd);
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeSync(fd, `${prefix}${JSON.stringify(event)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
