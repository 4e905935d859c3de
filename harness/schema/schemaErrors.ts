/**
 * Validates a value against a TypeBox schema with ajv and turns ajv's errors into sentences
 * that name the field path and the constraint, e.g. `timeline[1].ms must be >= 0, got -5`.
 * Shared by every input surface (scenario files, CLI options).
 */
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<TSchema, ValidateFunction>();

function fieldPath(instancePath: string, prefix: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = prefix;
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  return path || '(root)';
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function sentence(error: ErrorObject, root: unknown, prefix: string): string {
  const path = fieldPath(error.instancePath, prefix);
  const got = show(valueAt(root, error.instancePath));
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${fieldPath(error.instancePath, prefix) === '(root)' ? '' : `${path}.`}${String(p.missingProperty)} is required`;
    case 'additionalProperties':
      return `${path === '(root)' ? '' : `${path}: `}unknown field '${String(p.additionalProperty)}'`;
    case 'enum':
      return `${path} must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}, got ${got}`;
    case 'const':
      return `${path} must be ${show(p.allowedValue)}, got ${got}`;
    case 'type':
      return `${path} must be ${String(p.type)}, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${path} must be ${String(p.comparison)} ${String(p.limit)}, got ${got}`;
    default:
      return `${path} ${error.message ?? 'is invalid'}, got ${got}`;
  }
}

/**
 * @param prefix field path to prepend, e.g. "network.consumer"
 * @returns every problem, one sentence each; [] when valid
 */
export function schemaErrors(schema: TSchema, value: unknown, prefix = ''): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  // A union of literals fails once per member; say it once, as an enum.
  const literalUnion = new Set<string>();
  const out: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'const' || error.keyword === 'anyOf') {
      const at = error.instancePath;
      if (literalUnion.has(at)) continue;
      literalUnion.add(at);
      const options = errors
        .filter((e) => e.keyword === 'const' && e.instancePath === at)
        .map((e) => (e.params as { allowedValue: unknown }).allowedValue);
      if (options.length > 0) {
        const shown = options.length > 6 ? `one of the ${options.length} allowed values` : `one of ${options.map(show).join(', ')}`;
        out.push(`${fieldPath(at, prefix)} must be ${shown}, got ${show(valueAt(value, at))}`);
        continue;
      }
    }
    out.push(sentence(error, value, prefix));
  }
  return [...new Set(out)];
}
