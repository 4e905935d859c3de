import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { SCHEMA_FILES, schemaFileText } from '../../../schemas/writeSchemas.ts';
import { validatePayload, type PayloadVariant } from '../../../harness/contract/validatePayload.ts';

const repoFile = (rel: string) => new URL(`../../../${rel}`, import.meta.url);

for (const variant of ['table', 'example'] as PayloadVariant[]) {
  test(`${SCHEMA_FILES[variant]} is what writeSchemas.ts writes from the TypeBox source`, () => {
    const published = readFileSync(repoFile(SCHEMA_FILES[variant]), 'utf8');
    // On failure: node bin/run-ts.js schemas/writeSchemas.ts
    expect(published).toBe(schemaFileText(variant));
  });

  test(`${SCHEMA_FILES[variant]} works in a plain validator and agrees with validatePayload`, () => {
    const schema = JSON.parse(readFileSync(repoFile(SCHEMA_FILES[variant]), 'utf8'));
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    const bodies: unknown[] = [
      JSON.parse(readFileSync(new URL('./fixtures/doc-example.json', import.meta.url), 'utf8').replace(/},\s*}\s*$/, '}}')),
      { platform: 'messenger' },
      null,
    ];
    for (const body of bodies) expect(validate(body)).toBe(validatePayload(body, variant).length === 0);
    expect(validate(bodies[0])).toBe(variant === 'example');
  });
}
