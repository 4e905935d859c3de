/**
 * Writes the published JSON Schema files under schemas/ from the TypeBox definitions in
 * payloadSchema.ts: `node bin/run-ts.js schemas/writeSchemas.ts`. A unit test fails
 * when the files in the repo differ from what this would write.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { payloadSchema, type PayloadVariant } from '../harness/contract/payloadSchema.ts';

/** Repo-relative path of each variant's published schema. */
export const SCHEMA_FILES: Record<PayloadVariant, string> = {
  table: 'schemas/call-metrics.table.schema.json',
  example: 'schemas/call-metrics.example.schema.json',
};

/** The exact text of a variant's published file. */
export function schemaFileText(variant: PayloadVariant): string {
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from harness/contract/payloadSchema.ts by schemas/writeSchemas.ts; do not edit by hand.',
    ...payloadSchema(variant),
  };
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
  return `${JSON.stringify(document, null, 2)}\n`;
}

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export function writeSchemas(): string[] {
  const written: string[] = [];
  for (const variant of Object.keys(SCHEMA_FILES) as PayloadVariant[]) {
    writeFileSync(resolve(repoRoot, SCHEMA_FILES[variant]), schemaFileText(variant));
    written.push(SCHEMA_FILES[variant]);
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  for (const file of writeSchemas()) process.stdout.write(`wrote ${file}\n`);
}
