/**
 * Runs one bundled suite through the real CLI (runCli.ts) into a fresh directory, attaches the
 * CLI's output and results.json to the test, and reads the results back.
 */
import type { TestInfo } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './runCli.ts';
import type { CallResult, RunResults } from '../../harness/results/resultsTypes.ts';

export interface SuiteRun {
  /** the CLI's exit code */
  code: number | null;
  results: RunResults<CallResult>;
  /** every failed check of severity error, as `scenario: check id: message` */
  failed: string[];
}

/**
 * @param timeoutMs kill the CLI after this long, ms (the test's own timeout should leave room)
 */
export async function runSuite(suite: string, seed: number, testInfo: TestInfo, timeoutMs: number): Promise<SuiteRun> {
  const out = mkdtempSync(join(tmpdir(), `callsoak-${suite}-`));
  const { code, stdout, stderr } = await runCli(['run', '--suite', suite, '--out', out, '--seed', String(seed)], { timeoutMs });
  await testInfo.attach('cli-output', { body: `${stderr}\n${stdout}`, contentType: 'text/plain' });
  await testInfo.attach('results.json', { path: join(out, 'results.json') });
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  const failed = results.calls.flatMap((c) => c.checks.filter((k) => !k.ok && k.severity === 'error').map((k) => `${c.scenario}: ${k.id}: ${k.message}`));
  return { code, results, failed };
}
