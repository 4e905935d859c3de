/**
 * `callsoak run --repeat N`: each scenario runs N times, and the line printed before the calls
 * start counts them. The scenario is the quickest there is (the offer is refused, no talk).
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';

test('--repeat 2: the header says 2 calls, and 2 calls run', async ({}, testInfo) => {
  const cwd = mkdtempSync(join(tmpdir(), 'callsoak-repeat-'));
  const { code, stdout, stderr } = await runCli(['run', '--scenario', 'version-unsupported', '--repeat', '2', '--workers', '1', '--seed', '3', '--out', 'run'], { cwd });
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  expect(code, stderr).toBe(0);
  expect(stderr).toMatch(/^callsoak [\d.]+ · .+ · seed 3 · 2 calls · run dir run$/m);
  expect(stdout.match(/^PASS version-unsupported /gm)).toHaveLength(2);
  expect(stderr).toContain('\n2/2 calls passed · ');
});
