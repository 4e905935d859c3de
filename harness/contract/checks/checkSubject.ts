/**
 * What every contract check looks at: the payload as sent, and what the contract says it
 * should have been — the `spec` transform's reading of the same snapshot and context —
 * plus small helpers that keep messages uniform (values quoted, units named).
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { CallContext, TransformNote } from '../transforms/transformTypes.ts';
import { extractAudioFacts, type AudioFacts } from '../transforms/audioFacts.ts';
import { specTransformWithNotes } from '../transforms/specTransform.ts';
import type { CallMetricsPayload } from '../payloadSchema.ts';
import type { AudioStatsField, FieldUnit } from '../payloadFields.ts';

export interface ContractCheckInput {
  /** what was POSTed */
  payload: unknown;
  /** 'spec' | 'documented' | the user's module path */
  transformName: string;
  /** the final getStats() snapshot as plain objects (what the payload came from) */
  finalStats: Record<string, unknown>[];
  /** what the agent knew */
  context: CallContext;
  /** harness wall clock at the call's end, ms since the Unix epoch */
  callEndedAtMs: number;
  /** harness-observed first inbound audio, ms since the Unix epoch; null = never */
  firstAudioAtMs: number | null;
  /** runs the same transform again on the same snapshot (determinism check) */
  recompute?: () => unknown;
  /** the payload of a second, already awaited run on the same snapshot (when the transform ran in the page); used when recompute is absent */
  recomputedPayload?: unknown;
}

export interface CheckSubject {
  input: ContractCheckInput;
  /** the payload when it is an object, else null */
  body: Record<string, unknown> | null;
  /** body.audio_stats when it is an object, else null */
  audio: Record<string, unknown> | null;
  /** the payload the contract expects from this snapshot and context */
  expected: CallMetricsPayload;
  /** how `expected` was derived where the snapshot was incomplete */
  notes: TransformNote[];
  facts: AudioFacts;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function checkSubject(input: ContractCheckInput): CheckSubject {
  const snapshot = new Map(input.finalStats.map((report, i) => [String(i), report]));
  const { payload: expected, notes } = specTransformWithNotes(snapshot, input.context);
  const body = asObject(input.payload);
  return { input, body, audio: asObject(body?.audio_stats), expected, notes, facts: extractAudioFacts(snapshot) };
}

/** A field as the payload carries it: under its table name, else its example name. */
export interface SentField {
  /** the key used, e.g. `round_trip_time_sec` */
  key: string;
  value: unknown;
  /** the unit that key declares */
  unit: FieldUnit;
}

export function sentField(audio: Record<string, unknown> | null, field: AudioStatsField): SentField | undefined {
  if (!audio) return undefined;
  if (audio[field.table] !== undefined) return { key: field.table, value: audio[field.table], unit: field.tableUnit };
  if (field.example !== null && field.exampleUnit !== null && audio[field.example] !== undefined) {
    return { key: field.example, value: audio[field.example], unit: field.exampleUnit };
  }
  return undefined;
}

/** A value in `from` units expressed in `to` units (only s ↔ ms differ). */
export function convert(value: number, from: FieldUnit, to: FieldUnit): number {
  if (from === 's' && to === 'ms') return value * 1000;
  if (from === 'ms' && to === 's') return value / 1000;
  return value;
}

/** A number for a message: integers exactly, others to about four significant digits. */
export function fmt(value: unknown): string {
  if (typeof value !== 'number') return value === undefined ? 'missing' : JSON.stringify(value) ?? String(value);
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1) return String(Number(value.toFixed(3)));
  return String(Number(value.toPrecision(3)));
}

export const UNIT_SUFFIX: Record<FieldUnit, string> = { ms: ' ms', s: ' s', count: '', samples: '', unix_s: ' s' };

/** One check result from a list of problems: ok when there are none. */
export function verdict(id: string, severity: CheckResult['severity'], problems: string[], okMessage: string): CheckResult {
  return problems.length === 0
    ? { id, ok: true, severity, message: okMessage }
    : { id, ok: false, severity, message: problems.join('; ') };
}

/** True when a and b agree within `relative` of the larger or `absolute`. */
export function near(a: number, b: number, relative: number, absolute = 0): boolean {
  return Math.abs(a - b) <= Math.max(absolute, relative * Math.max(Math.abs(a), Math.abs(b)));
}
