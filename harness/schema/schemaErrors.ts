/**
 * Validates a value against a TypeBox schema with ajv and turns ajv's errors into sentences
 * that name the field path and the constraint: `network.consumer.up.loss must be 0..1, got 5`,
 * `timeline[1].ms must be ≥ 0, got -5`, `peers.consumer.lag is not a known field (known: …)`.
 * Every input surface (scenario files, impairments, fault plans, thresholds, CLI options,
 * history records) reports through this one function, so a mistake reads the same wherever
 * it is made.
 *
 * ajv reports a failed union once per branch; a user meant one branch, so this picks the one
 * the value means (by its JS type, or by a `model` discriminator) and reports only its errors.
 */
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { joinPath as joinKey } from '../contract/fieldPath.ts';
import { describeExpected, isLiteralUnion, rangeText, show, type JsonSchema } from './schemaText.ts';

// verbose: errors carry their schema (ranges, known fields, union branches come from it)
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<TSchema, ValidateFunction>();

const unescape = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');

/** `peers.consumer.network`, `timeline[2]`, `expect["audio.loss_pct"]`: list indexes in brackets, keys as the contract writes them */
function joinPath(path: string, part: string): string {
  return /^\d+$/.test(part) ? `${path}[${part}]` : joinKey(path, part);
}

function fieldPath(instancePath: string, prefix: string): string {
  return instancePath.split('/').slice(1).map(unescape).reduce(joinPath, prefix);
}

function named(path: string): string {
  return path || '(root)';
}

function jsTypes(value: unknown): string[] {
  if (typeof value === 'number') return Number.isInteger(value) ? ['number', 'integer'] : ['number'];
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  return [typeof value];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type UnionOutcome = { branch: number } | { message: string };

/** which branch of a failed union the value means, or the one sentence that says why none */
function pickBranch(union: JsonSchema, value: unknown, path: string): UnionOutcome {
  const got = show(value);
  if (isLiteralUnion(union)) return { message: `${named(path)} must be ${describeExpected(union)}, got ${got}` };
  const branches = union.anyOf!;
  const types = jsTypes(value);
  const candidates = branches.map((branch, index) => ({ branch, index })).filter(({ branch }) => branch.type !== undefined && types.includes(branch.type));
  if (candidates.length === 1) return { branch: candidates[0]!.index };
  if (candidates.length > 1 && isPlainObject(value)) {
    const byModel = candidates.find(({ branch }) => branch.properties?.model?.const === value.model);
    if (byModel) return { branch: byModel.index };
    const models = candidates.map(({ branch }) => branch.properties?.model?.const);
    if (models.every((model) => model !== undefined)) {
      return { message: `${joinPath(path, 'model')} must be one of ${models.map(show).join(', ')}, got ${show(value.model)}` };
    }
  }
  return { message: `${named(path)} must be ${describeExpected(union)}, got ${got}` };
}

function sentence(error: ErrorObject, prefix: string): string {
  const path = fieldPath(error.instancePath, prefix);
  const schema = (error.parentSchema ?? {}) as JsonSchema;
  const got = show(error.data);
  const p = error.params as Record<string, unknown>;
  const own = error.keyword !== 'required' && error.keyword !== 'additionalProperties';
  if (own && schema.expected !== undefined) return `${named(path)} must be ${schema.expected}, got ${got}`;
  switch (error.keyword) {
    case 'required': {
      const key = String(p.missingProperty);
      const wanted = schema.properties?.[key];
      return `${joinPath(path, key)} is required${wanted ? ` (${describeExpected(wanted)})` : ''}`;
    }
    case 'additionalProperties': {
      const known = Object.keys(schema.properties ?? {});
      return `${joinPath(path, String(p.additionalProperty))} is not a known field${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`;
    }
    case 'type':
      return `${named(path)} must be ${describeExpected(schema)}, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${named(path)} must be ${rangeText(schema)}, got ${got}`;
    case 'const':
    case 'enum':
      return `${named(path)} must be ${describeExpected(schema)}, got ${got}`;
    case 'minLength':
      return schema.minLength === 1 ? `${named(path)} must be a non-empty string, got ${got}` : `${named(path)} must be at least ${schema.minLength} characters long, got ${got}`;
    case 'maxLength':
      return `${named(path)} must be at most ${String(p.limit)} characters long, got ${show(String(error.data).length)} characters`;
    case 'minItems':
      return `${named(path)} must have at least ${String(p.limit)} ${p.limit === 1 ? 'entry' : 'entries'}, got ${show(error.data)}`;
    case 'maxItems':
      return `${named(path)} must have at most ${String(p.limit)} entries, got ${(error.data as unknown[]).length}`;
    case 'uniqueItems':
      return `${named(path)} must not repeat an entry: entries ${Math.min(Number(p.i), Number(p.j))} and ${Math.max(Number(p.i), Number(p.j))} are both ${show((error.data as unknown[])[Number(p.i)])}`;
    case 'pattern':
      return `${named(path)} must match the pattern ${String(p.pattern)}, got ${got}`;
    default:
      return `${named(path)} ${error.message ?? 'is invalid'}, got ${got}`;
  }
}

/**
 * @param prefix field path to prepend, e.g. "network.consumer"
 * @returns every problem, one sentence each, in ajv's order; [] when valid
 */
export function schemaErrors(schema: TSchema, value: unknown, prefix = ''): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // Unions first, outermost first: each either names a branch (whose errors stay) or becomes
  // one sentence (and all its branches' errors go).
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, string>();
  const underneath = (error: ErrorObject, schemaPath: string) => error.schemaPath.startsWith(`${schemaPath}/`);
  const unions = errors.filter((e) => e.keyword === 'anyOf').sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (dropped.has(union)) continue;
    const outcome = pickBranch(union.parentSchema as JsonSchema, union.data, fieldPath(union.instancePath, prefix));
    const kept = 'branch' in outcome ? `${union.schemaPath}/${outcome.branch}/` : undefined;
    for (const error of errors) {
      if (underneath(error, union.schemaPath) && !(kept && error.schemaPath.startsWith(kept))) dropped.add(error);
    }
    if ('message' in outcome) replaced.set(union, outcome.message);
    else dropped.add(union);
  }
  const out = errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? sentence(e, prefix));
  return [...new Set(out)];
}

