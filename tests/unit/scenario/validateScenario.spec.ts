import { test, expect } from '@playwright/test';
import { ScenarioSchema, STEP_SCHEMAS } from '../../../harness/scenario/scenarioSchema.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPath } from '../../../harness/paths/displayPath.ts';
import { validateScenario } from '../../../harness/scenario/validateScenario.ts';
import { loadScenarios } from '../../../harness/scenario/loadScenarios.ts';
import { SCENARIOS_DIR } from '../../../harness/cli/packageFiles.ts';

const valid = {
  id: 'my-call',
  title: 'a call',
  tags: ['smoke'],
  expectedEndCallReason: 'Hangup_Call',
  timeline: [{ do: 'call' }, { do: 'answer' }, { do: 'talk', seconds: 2 }, { do: 'hangup', by: 'consumer' }],
};

const STEPS = Object.keys(STEP_SCHEMAS).join(', ');

test('a valid scenario passes unchanged', () => {
  expect(validateScenario(valid)).toEqual({ scenario: valid });
});

test('every mistake is reported at once, each naming its field and constraint', () => {
  const result = validateScenario({
    ...valid,
    id: 'Bad Id',
    expectedEndCallReason: 'HangupCall',
    timeline: [{ do: 'call' }, { do: 'fly' }, { do: 'wait', ms: -5 }, { do: 'hangup', by: 'nobody' }],
    extra: 1,
  });
  expect('errors' in result && result.errors).toEqual([
    `extra is not a known field (known: ${Object.keys(ScenarioSchema.properties).join(', ')})`,
    "id must be a kebab-case id of at most 80 characters, like 'drop-call', got 'Bad Id'",
    "expectedEndCallReason must be one of the 22 allowed values, got 'HangupCall'",
    `timeline[1].do: unknown step 'fly' (steps: ${STEPS})`,
    'timeline[2].ms must be an integer 0..3600000, got -5',
    "timeline[3].by must be one of 'consumer', 'business', got 'nobody'",
  ]);
});

test('loading a folder names the file of every error and keeps loading the others', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-scenarios-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(join(dir, 'good.ts'), `export default ${JSON.stringify(valid)};\n`);
  writeFileSync(join(dir, 'drop.ts'), `export default ${JSON.stringify({ ...valid, id: 'drop', talkSeconds: -1, timeline: [{ do: 'jump' }] })};\n`);
  writeFileSync(join(dir, 'twin.ts'), `export default ${JSON.stringify(valid)};\n`);
  writeFileSync(join(dir, 'empty.ts'), `export const x = 1;\n`);
  const { scenarios, errors } = await loadScenarios(dir);
  const file = (name: string) => displayPath(join(dir, name)); // the temp folder is outside the working directory: absolute
  expect(scenarios.map((s) => s.id)).toEqual(['my-call', 'my-call']);
  expect(errors).toEqual([
    `${file('drop.ts')}: talkSeconds must be in (0, 86400], got -1`,
    `${file('drop.ts')}: timeline[0].do: unknown step 'jump' (steps: ${STEPS})`,
    `${file('empty.ts')}: no default export (write \`export default defineScenario({...})\`)`,
    `${file('twin.ts')}: id 'my-call' is already used by ${file('good.ts')}`,
  ]);
});

test('the bundled scenarios all load', async () => {
  const { scenarios, errors } = await loadScenarios(SCENARIOS_DIR);
  expect(errors).toEqual([]);
  expect(scenarios.map((s) => s.id)).toContain('hangup-call');
});
