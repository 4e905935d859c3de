/**
 * Validates a call_metrics body against one variant of the payload schema with ajv, and
 * turns every ajv error into one sentence that names the field path and the constraint,
 * e.g. `audio_stats.packets_lost must be an integer, got 1.5`. Node only (ajv compiles
 * code); the in-page transforms never import this.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { AUDIO_STATS_FIELDS, MAX_UNIX_SECONDS, audioStatsFieldByName } from './payloadFields.ts';
import { payloadSchema, type PayloadVariant } from './payloadSchema.ts';
import { END_CALL_REASONS } from './endCallReasons.ts';
import { joinPath } from './fieldPath.ts';

export type { PayloadVariant } from './payloadSchema.ts';
export { parseJsonWithPosition, type JsonParseResult } from './parseJsonWithPosition.ts';

export interface PayloadIssue {
  /** dotted field path, e.g. `audio_stats.jitter`; '' for the body itself */
  path: string;
  /** one sentence naming the path and the constraint, with the value found */
  message: string;
}

const VARIANT_WORDS: Record<PayloadVariant, string> = {
  table: 'the field table',
  example: "the documentation's example",
};

const compiled = new Map<PayloadVariant, ValidateFunction>();

function validatorFor(variant: PayloadVariant): ValidateFunction {
  let validate = compiled.get(variant);
  if (!validate) {
    // allErrors: a client fixing its payload wants every problem at once, not one per attempt
    const ajv = new Ajv({ allErrors: true, strict: true });
    validate = ajv.compile(payloadSchema(variant));
    compiled.set(variant, validate);
  }
  return validate;
}

/**
 * Checks `body` against `variant`.
 * @returns every problem found, in schema order; [] when the body is valid
 */
export function validatePayload(body: unknown, variant: PayloadVariant): PayloadIssue[] {
  const validate = validatorFor(variant);
  if (validate(body)) return [];
  const issues: PayloadIssue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const issue = describeError(error, body, variant);
    const key = `${issue.path}\u0000${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return '';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(joinPath, '');
}

function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The value as a message quotes it: numbers and strings literally, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number') return String(value); // NaN and Infinity read as themselves
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  boolean: 'a boolean',
  array: 'an array',
};

function subject(path: string): string {
  return path === '' ? 'the payload' : path;
}

function simplify(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

function describeError(error: ErrorObject, body: unknown, variant: PayloadVariant): PayloadIssue {
  const path = pointerToPath(error.instancePath);
  const value = valueAt(body, error.instancePath);
  const got = describeValue(value);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const expected = TYPE_WORDS[String(params.type)] ?? String(params.type);
      return { path, message: `${subject(path)} must be ${expected}, got ${got}` };
    }
    case 'minimum':
      return { path, message: `${subject(path)} must be ≥ ${String(params.limit)}, got ${got}` };
    case 'maximum': {
      const hint = params.limit === MAX_UNIX_SECONDS ? ' (Unix seconds; this looks like milliseconds)' : '';
      return { path, message: `${subject(path)} must be ≤ ${String(params.limit)}${hint}, got ${got}` };
    }
    case 'minLength':
      return { path, message: `${subject(path)} must not be empty, got ${got}` };
    case 'const':
      return { path, message: `${subject(path)} must be ${JSON.stringify(params.allowedValue)}, got ${got}` };
    case 'enum': {
      const near = typeof value === 'string' ? END_CALL_REASONS.find((r) => simplify(r) === simplify(value)) : undefined;
      const hint = near ? ` (did you mean "${near}"?)` : '';
      return { path, message: `${subject(path)} must be one of the ${END_CALL_REASONS.length} end_call_reason values, got ${got}${hint}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const full = joinPath(path, missing);
      return { path: full, message: `${full} is required by ${VARIANT_WORDS[variant]} and is missing${otherSpellingHint(path, missing, value, variant)}` };
    }
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const full = joinPath(path, extra);
      const known = audioStatsFieldByName(extra);
      const counterpart = path === 'audio_stats' && known ? (variant === 'table' ? known.field.table : known.field.example) : null;
      const hint = counterpart && counterpart !== extra ? ` (${VARIANT_WORDS[variant]} names it ${joinPath(path, counterpart)})` : '';
      return { path: full, message: `${full} is not a field of ${VARIANT_WORDS[variant]}${hint}` };
    }
    default:
      return { path, message: `${subject(path)} ${error.message ?? `fails ${error.keyword}`}` };
  }
}

/** For a missing audio_stats field: says so when the body carries the other variant's name for it. */
function otherSpellingHint(parent: string, missing: string, container: unknown, variant: PayloadVariant): string {
  if (parent !== 'audio_stats' || container === null || typeof container !== 'object') return '';
  const field = AUDIO_STATS_FIELDS.find((f) => (variant === 'table' ? f.table : f.example) === missing);
  const other = field ? (variant === 'table' ? field.example : field.table) : null;
  if (!other || other === missing || !(other in container)) return '';
  return ` (the body has audio_stats.${other} instead)`;
}
