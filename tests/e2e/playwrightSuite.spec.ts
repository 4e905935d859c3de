/**
 * The Playwright API as a team uses it: examples/playwright-suite is a project of its own
 * (`"callsoak": "file:../.."`), run with `npx playwright test` in its folder as a child process,
 * judged by its JSON report. Its node_modules/callsoak is the link `npm install` would make;
 * the test makes it when it is missing, so a fresh clone needs only the root's `npm ci`.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/runCli.ts';

const SUITE = join(REPO_ROOT, 'examples', 'playwright-suite');
/** the example's tests: call.spec.ts (1), networks.spec.ts (2), ownIntegration.spec.ts (1) */
const EXPECTED_TESTS = 4;

/** What `npm install` in the example makes of `file:../..`: node_modules/callsoak → the repository. */
function linkCallsoak(): void {
  const link = join(SUITE, 'node_modules', 'callsoak');
  if (existsSync(link)) {
    expect(realpathSync(link)).toBe(realpathSync(REPO_ROOT));
    return;
  }
  mkdirSync(join(SUITE, 'node_modules'), { recursive: true });
  // a dangling link left behind would make symlinkSync fail with EEXIST
  try {
    lstatSync(link);
    throw new Error(`${link} exists but does not lead to the repository`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  symlinkSync(join('..', '..', '..'), link, 'dir');
}

function npx(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // --no-install: npx finds the root's playwright and tsc walking up, and must never ask the registry
    const child = spawn('npx', ['--no-install', ...args], { cwd: SUITE, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface JsonReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors: { message?: string }[];
}

test("a team's own Playwright suite places calls with callsoak/test and passes", async () => {
  test.setTimeout(240_000);
  linkCallsoak();
  const run = await npx(['playwright', 'test', '--reporter=json'], 200_000);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  expect(report.errors.map((e) => e.message), run.stderr.slice(-2000)).toEqual([]);
  expect(report.stats).toMatchObject({ expected: EXPECTED_TESTS, unexpected: 0, flaky: 0, skipped: 0 });
  expect(run.code).toBe(0);
});

test("the team's tests type-check against callsoak/test's types (the exports' types condition)", async () => {
  test.setTimeout(120_000);
  linkCallsoak();
  const run = await npx(['tsc', '-p', '.'], 100_000);
  expect(`${run.stdout}${run.stderr}`).toBe('');
  expect(run.code).toBe(0);
});
