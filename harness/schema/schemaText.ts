/**
 * How a schema and a value read in an error sentence: `0..1`, `an integer 1..1000`,
 * `one of 'drop', 'hold'`, `'slow'`. Ranges come from the schema's own minimum/maximum, so
 * help text and validation cannot disagree.
 */

/** the JSON-schema subset callsoak's TypeBox schemas use */
export interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  description?: string;
  /**
   * callsoak's own annotation: what a value must be, in words, where the schema's rule alone
   * (a pattern, a length) would read as a regular expression, e.g. 'a duration like 90s'
   */
  expected?: string;
}

/** at most this many allowed values are listed; more read as "one of the N allowed values" */
const MAX_LISTED_VALUES = 6;

/** a value as it appears in a message: strings single-quoted, objects as (shortened) JSON */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value) && value.length === 0) return 'an empty list';
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
  else if (xmin !== undefined && xmax !== undefined) range = `in (${xmin}, ${xmax})`;
  else if (min !== undefined) range = `≥ ${min}`;
  else if (xmin !== undefined) range = `> ${xmin}`;
  else if (max !== undefined) range = `≤ ${max}`;
  else if (xmax !== undefined) range = `< ${xmax}`;
  else return schema.type === 'integer' ? 'an integer' : 'a number';
  return `${prefix}${range}`;
}

/** "a number 0..1" / "an integer 1..1000" / "a number": what a number schema wants, type included */
export function numberText(schema: JsonSchema): string {
  const range = rangeText(schema);
  return schema.type === 'integer' || range === 'a number' ? range : `a number ${range}`;
}

/** "one of 'a', 'b'" or "one of the 22 allowed values" */
export function oneOfText(values: unknown[]): string {
  return values.length > MAX_LISTED_VALUES ? `one of the ${values.length} allowed values` : `one of ${values.map(show).join(', ')}`;
}

/** true when every branch of a union is a single literal (a union of strings reads as an enum) */
export function isLiteralUnion(schema: JsonSchema): boolean {
  return schema.anyOf !== undefined && schema.anyOf.every((branch) => branch.const !== undefined);
}

/** what a schema wants, as the end of "must be …" or inside "is required (…)" */
export function describeExpected(schema: JsonSchema): string {
  if (schema.expected !== undefined) return schema.expected;
  if (schema.const !== undefined) return show(schema.const);
  if (schema.enum) return oneOfText(schema.enum);
  if (isLiteralUnion(schema)) return oneOfText(schema.anyOf!.map((branch) => branch.const));
  if (schema.anyOf) return schema.anyOf.map(describeExpected).join(' or ');
  switch (schema.type) {
    case 'number':
    case 'integer':
      return numberText(schema);
    case 'boolean':
      return 'true or false';
    case 'string':
      return (schema.minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
    case 'array':
      return 'a list';
    case 'null':
      return 'null';
    case 'object': {
      const model = schema.properties?.model?.const;
      return model !== undefined ? `an object with model ${show(model)}` : 'an object';
    }
    default:
      return 'a value';
  }
}
