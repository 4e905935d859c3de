/**
 * Validates a value against one of the relay's TypeBox schemas and says what is wrong in the
 * user's terms: `network.consumer.up.loss must be 0..1, got 5`. Every error is collected.
 * Ranges come from the schema's own minimum/maximum, so help text and checks cannot disagree.
 * (ajv's messages for unions do not name the allowed range, hence this small walker; it
 * covers the JSON-schema subset the relay schemas use: object, number, integer, boolean,
 * string, const, anyOf, array.)
 */
import type { TSchema } from '@sinclair/typebox';

interface JsonSchema {
  type?: string;
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  description?: string;
}

/** value as it appears in a message: strings quoted, objects as JSON */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** "0..1", "≥ 0", "> 0", "in [0, 1)", "an integer 1..1000": the allowed range of a number schema */
export function rangeText(schema: JsonSchema): string {
  const prefix = schema.type === 'integer' ? 'an integer ' : '';
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = schema;
  let range: string;
  if (min !== undefined && max !== undefined) range = `${min}..${max}`;
  else if (min !== undefined && xmax !== undefined) range = `in [${min}, ${xmax})`;
  else if (xmin !== undefined && max !== undefined) range = `in (${xmin}, ${max}]`;
  else if (min !== undefined) range = `≥ ${min}`;
  else if (xmin !== undefined) range = `> ${xmin}`;
  else if (max !== undefined) range = `≤ ${max}`;
  else return schema.type === 'integer' ? 'an integer' : 'a number';
  return `${prefix}${range}`;
}

/** "a number 0..1" / "an integer 1..1000" */
function numberText(schema: JsonSchema): string {
  const range = rangeText(schema);
  return schema.type === 'integer' || range === 'a number' ? range : `a number ${range}`;
}

function describeExpected(schema: JsonSchema): string {
  if (schema.const !== undefined) return show(schema.const);
  if (schema.anyOf) return schema.anyOf.map(describeExpected).join(' or ');
  if (schema.type === 'number' || schema.type === 'integer') return numberText(schema);
  if (schema.type === 'object') {
    const model = schema.properties?.model?.const;
    return model !== undefined ? `an object with model ${show(model)}` : 'an object';
  }
  if (schema.type === 'array') return 'a list';
  return `a ${schema.type ?? 'value'}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** every problem with `value` at `path`, as user-facing sentences (empty when valid) */
export function checkAgainstSchema(schema: TSchema, value: unknown, path: string): string[] {
  const errors: string[] = [];
  walk(schema as JsonSchema, value, path, errors);
  return errors;
}

function walk(schema: JsonSchema, value: unknown, path: string, errors: string[]): void {
  if (schema.anyOf) return walkUnion(schema, value, path, errors);
  if (schema.const !== undefined) {
    if (value !== schema.const) errors.push(`${path} must be ${show(schema.const)}, got ${show(value)}`);
    return;
  }
  switch (schema.type) {
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        errors.push(`${path} must be ${numberText(schema)}, got ${show(value)}`);
        return;
      }
      const bad =
        (schema.type === 'integer' && !Number.isInteger(value)) ||
        (schema.minimum !== undefined && value < schema.minimum) ||
        (schema.maximum !== undefined && value > schema.maximum) ||
        (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) ||
        (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum);
      if (bad) errors.push(`${path} must be ${rangeText(schema)}, got ${show(value)}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${path} must be true or false, got ${show(value)}`);
      return;
    case 'string':
      if (typeof value !== 'string' || value.length < (schema.minLength ?? 0)) errors.push(`${path} must be a non-empty string, got ${show(value)}`);
      return;
    case 'array': {
      if (!Array.isArray(value)) {
        errors.push(`${path} must be a list, got ${show(value)}`);
        return;
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path} must have at most ${schema.maxItems} entries, got ${value.length}`);
      if (schema.items) value.forEach((item, i) => walk(schema.items!, item, `${path}[${i}]`, errors));
      return;
    }
    case 'object': {
      if (!isPlainObject(value)) {
        errors.push(`${path} must be an object, got ${show(value)}`);
        return;
      }
      const properties = schema.properties ?? {};
      for (const key of Object.keys(value)) {
        if (!(key in properties)) errors.push(`${path}.${key} is not a known field (known: ${Object.keys(properties).join(', ')})`);
      }
      for (const [key, sub] of Object.entries(properties)) {
        if (value[key] === undefined) {
          if (schema.required?.includes(key)) errors.push(`${path}.${key} is required (${describeExpected(sub)})`);
          continue;
        }
        walk(sub, value[key], `${path}.${key}`, errors);
      }
      return;
    }
    default:
      return;
  }
}

/** picks the branch a value means (by its JS type, or by a `model` discriminator) and checks against it */
function walkUnion(schema: JsonSchema, value: unknown, path: string, errors: string[]): void {
  const branches = schema.anyOf!;
  if (branches.every((branch) => branch.const !== undefined)) {
    if (!branches.some((branch) => branch.const === value)) {
      errors.push(`${path} must be one of ${branches.map((branch) => show(branch.const)).join(', ')}, got ${show(value)}`);
    }
    return;
  }
  const jsType = typeof value === 'number' ? ['number', 'integer'] : isPlainObject(value) ? ['object'] : typeof value === 'string' ? ['string'] : [];
  const candidates = branches.filter((branch) => branch.type !== undefined && jsType.includes(branch.type));
  let chosen: JsonSchema | undefined = candidates.length === 1 ? candidates[0] : undefined;
  if (candidates.length > 1 && isPlainObject(value)) {
    chosen = candidates.find((branch) => branch.properties?.model?.const === value.model);
    if (!chosen) {
      const models = candidates.map((branch) => show(branch.properties?.model?.const)).join(', ');
      errors.push(`${path}.model must be one of ${models}, got ${show(value.model)}`);
      return;
    }
  }
  if (!chosen) {
    errors.push(`${path} must be ${describeExpected(schema)}, got ${show(value)}`);
    return;
  }
  walk(chosen, value, path, errors);
}

/** one help line per field of an object schema: `name — description (range)` */
export function describeFields(schema: TSchema): string[] {
  const properties = (schema as JsonSchema).properties ?? {};
  return Object.entries(properties).map(([key, sub]) => {
    const range = sub.type === 'number' || sub.type === 'integer' ? ` (${rangeText(sub)})` : '';
    return `${key}${range} — ${sub.description ?? ''}`;
  });
}
