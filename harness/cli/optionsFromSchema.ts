/**
 * Declares commander options from a TypeBox object schema and validates what commander
 * parsed against the same schema, so flags, help text and validation cannot drift apart.
 */
import { Option, type Command } from 'commander';
import type { TObject, TSchema } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function kindOf(schema: TSchema): string {
  return String((schema as { type?: unknown }).type ?? 'string');
}

export function addSchemaOptions(command: Command, schema: TObject): Command {
  for (const [name, property] of Object.entries(schema.properties)) {
    const kind = kindOf(property);
    const flag = kind === 'array' ? `--${kebab(name)} <values...>` : `--${kebab(name)} <${kind === 'string' ? 'value' : 'n'}>`;
    const option = new Option(flag, String(property.description ?? ''));
    if (property.default !== undefined) option.default(property.default);
    command.addOption(option);
  }
  return command;
}

/**
 * Converts commander's strings to the schema's types, fills in the schema's defaults (for
 * callers that are not commander, like `repro`), and validates them.
 * @returns the typed options, or every error as a sentence naming the flag (`--repeat must be …, got 'abc'`)
 */
export function parseSchemaOptions<T>(schema: TObject, raw: Record<string, unknown>): { value: T } | { errors: string[] } {
  const value: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const given = raw[name] ?? property.default;
    if (given === undefined) continue;
    const kind = kindOf(property);
    if ((kind === 'integer' || kind === 'number') && typeof given === 'string') {
      const n = Number(given);
      // Text that is no number stays as given: the option was given (not missing), and the
      // schema's own sentence says what it must be: `--repeat must be an integer 1..1000, got 'abc'`.
      value[name] = given.trim() === '' || !Number.isFinite(n) ? given : n;
    } else value[name] = given;
  }
  const errors = schemaErrors(schema, value).map((problem) => problem.replace(/^([A-Za-z]+)/, (field) => `--${kebab(field)}`));
  return errors.length > 0 ? { errors } : { value: value as T };
}
