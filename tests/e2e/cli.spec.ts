/**
 * The CLI's answers to user mistakes: exit codes and exact messages, no stack traces.
 * No browser starts in these tests: every mistake is caught while planning the run.
 */
import { test, expect } from '@playwright/test';
import { STEP_SCHEMAS } from '../../harness/scenario/scenarioSchema.ts';
import { SCENARIO_LOAD_TIMEOUT_MS } from '../../harness/scenario/loadScenarios.ts';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';

const STEPS = Object.keys(STEP_SCHEMAS).join(', ');

test('an unknown scenario exits 2 and lists the scenarios that exist', async () => {
  const { code, stderr, stdout } = await runCli(['run', '--scenario', 'no-such-thing']);
  expect(code).toBe(2);
  expect(stderr).toContain('callsoak run: unknown scenario: no-such-thing\nscenarios that exist:\n');
  expect(stderr).toMatch(/^ {2}hangup-call +Consumer calls, business answers/m);
  expect(stdout + stderr).not.toMatch(/\n\s+at /); // no stack trace
});

test('an unknown suite exits 2 and lists the suites', async () => {
  const { code, stderr } = await runCli(['run', '--suite', 'nope']);
  expect(code).toBe(2);
  expect(stderr).toContain('callsoak run: unknown suite: nope\nsuites that exist: all, ');
});

test('a --compare-to baseline that does not exist is refused before any call, not after the run', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'callsoak-compare-to-'));
  const missing = await runCli(['run', '--scenario', 'hangup-call', '--compare-to', 'nope'], { cwd });
  expect(missing).toMatchObject({ code: 2, stdout: '' });
  expect(missing.stderr).toBe('callsoak run: --compare-to: nope is neither a run directory nor a run id in history reports/history (no such directory)\n');
  const pooled = await runCli(['run', '--scenario', 'hangup-call', '--baseline-runs', '2'], { cwd });
  expect(pooled).toMatchObject({ code: 2, stderr: 'callsoak run: --baseline-runs 2 needs --compare-to last-green\n' });
  expect(readdirSync(cwd)).toEqual([]); // no run directory, no history
});

test('bad option values are all reported at once', async () => {
  const { code, stderr } = await runCli(['run', '--seed', 'abc', '--talk-seconds', '-3', '--sample-interval-ms', '5']);
  expect(code).toBe(2);
  expect(stderr).toBe(
    [
      "callsoak run: --seed must be an integer 0..4294967295, got 'abc'",
      '--talk-seconds must be in (0, 86400], got -3',
      '--sample-interval-ms must be an integer 100..60000, got 5',
      '',
    ].join('\n'),
  );
});

test('an option with a default given a value that is no number: one sentence each, saying what it must be', async () => {
  const { code, stdout, stderr } = await runCli(['run', '--repeat', 'abc', '--repetition-offset', 'abc', '--sample-interval-ms', 'abc']);
  expect({ code, stdout, stderr }).toEqual({
    code: 2,
    stdout: '',
    stderr: [
      "callsoak run: --repeat must be an integer 1..1000, got 'abc'",
      "--repetition-offset must be an integer 0..1000000, got 'abc'",
      "--sample-interval-ms must be an integer 100..60000, got 'abc'",
      '',
    ].join('\n'),
  });
});

test('a scenario file with two mistakes fails to load with both, naming file and field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-bad-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  writeFileSync(
    join(dir, 'broken.ts'),
    `export default { id: 'broken', title: 'two mistakes', tags: ['x'], expectedEndCallReason: 'Hangup_Call',
      timeline: [{ do: 'call' }, { do: 'teleport' }, { do: 'wait', ms: -10 }] };\n`,
  );
  const { code, stderr } = await runCli(['run', '--scenarios-dir', dir, '--scenario', 'broken'], { cwd: dir });
  expect(code).toBe(2);
  expect(stderr).toBe(
    [
      'callsoak run: invalid scenario files:',
      `  broken.ts: timeline[1].do: unknown step 'teleport' (steps: ${STEPS})`,
      '  broken.ts: timeline[2].ms must be an integer 0..3600000, got -10',
      '',
    ].join('\n'),
  );
});

/** A temporary scenarios folder holding `files` (name → text), as ES modules. */
function scenariosDir(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('scenario files that do not compile: each named with the line and column of its error, all at once', async () => {
  const dir = scenariosDir('callsoak-syntax-', {
    // V8 compiles a .mjs file itself; the characters before the error are 2 and 3 bytes in UTF-8
    'broken-js.mjs': `export default {\n  id: 'broken-js', title: 'café ☕', tags: ['x' ]],\n};\n`,
    'syntax.ts': [
      '// a scenario with a typo on line 7',
      '',
      'export default {',
      "  id: 'syntax',",
      "  title: 'a bracket closes a brace',",
      "  expectedEndCallReason: 'Hangup_Call',",
      "  tags: ['x'], timeline: [{ do: 'call' }, { do: 'ring' ], talkSeconds: 1,",
      '};',
      '',
    ].join('\n'),
    // the error is in a module the scenario imports: both are named
    'uses-helper.ts': "import { steps } from './lib/steps.ts';\nexport default { id: 'uses-helper', timeline: steps };\n",
  });
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib', 'steps.ts'), "// shared steps\nexport const steps = [{ do: 'call' }, { do: 'ring' ];\n");
  const { code, stdout, stderr } = await runCli(['run', '--scenarios-dir', dir], { cwd: dir });
  expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  expect(stderr).toBe(
    [
      'callsoak run: invalid scenario files:',
      `  broken-js.mjs:2:49: cannot load: Expected "}" but found "]"`,
      `  syntax.ts:7:56: cannot load: Expected "}" but found "]"`,
      `  uses-helper.ts: cannot load: lib/steps.ts:2:52: Expected "}" but found "]"`,
      '',
    ].join('\n'),
  );
});

test(`scenario files whose top-level await never settles: named, exit 2, within ${SCENARIO_LOAD_TIMEOUT_MS / 1000} s each`, async () => {
  const dir = scenariosDir('callsoak-hang-', {
    // nothing keeps Node alive: without a bound, Node exits 13 and prints nothing
    'hang.ts': "await new Promise(() => {});\nexport default { id: 'hang' };\n",
    // a timer keeps Node alive after the load is given up: callsoak must still exit
    'hang-timer.ts': "await new Promise(() => setInterval(() => {}, 1000));\nexport default { id: 'hang-timer' };\n",
  });
  const started = Date.now();
  const { code, stdout, stderr } = await runCli(['run', '--scenarios-dir', dir], { cwd: dir, timeoutMs: 60_000 });
  const elapsedMs = Date.now() - started;
  const line = (name: string) => `  ${name}: cannot load: not loaded after ${SCENARIO_LOAD_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`;
  expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: ['callsoak run: invalid scenario files:', line('hang-timer.ts'), line('hang.ts'), ''].join('\n') });
  // each file waits its bound in turn; the rest is Node's and tsx's start-up on a busy machine
  expect(elapsedMs).toBeLessThan(2 * SCENARIO_LOAD_TIMEOUT_MS + 15_000);
});

test('an unknown option is a usage error', async () => {
  const { code, stderr } = await runCli(['run', '--colour', 'blue']);
  expect(code).toBe(2);
  expect(stderr).toContain("error: unknown option '--colour'");
});

test('a browser path that is not a browser is a configuration error', async () => {
  const { code, stderr } = await runCli(['run', '--scenario', 'hangup-call', '--browser-path', '/nonexistent/chrome']);
  expect(code).toBe(2);
  expect(stderr).toBe('callsoak run: --browser-path: /nonexistent/chrome is not an executable file\n');
});

test('help piped into a reader that stopped reading (`| head -3`) exits 0 without a stack trace', async () => {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const bin = fileURLToPath(new URL('../../bin/callsoak.js', import.meta.url));
  // a shell pipeline whose reader is gone before the help is written (`true` reads nothing and
  // exits while the CLI is still starting), as `| head -3` is after its third line
  const child = spawn('sh', ['-c', `"${process.execPath}" "${bin}" run --help | true`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(0);
  expect(stderr).not.toContain('EPIPE');
  expect(stderr).not.toMatch(/\n\s+at /);
});

test('an --out directory that already holds a run is refused by run and soak, and the earlier run is left as it was', async () => {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-used-out-'));
  const earlier = '{"run":"an earlier night"}\n';
  writeFileSync(join(out, 'results.json'), earlier);
  const run = await runCli(['run', '--scenario', 'hangup-call', '--out', out]);
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(`callsoak run: --out ${out}: already holds a run (results.json); give a new directory, or remove that one first\n`);
  // soak names it together with its other mistakes
  const soak = await runCli(['soak', '--duration', '10s', '--out', out]);
  expect(soak.code).toBe(2);
  expect(soak.stderr).toBe(
    'callsoak soak: --duration must be at least 30s, got 10s\n' +
      `--out ${out}: already holds a run (results.json); give a new directory, or remove that one first\n`,
  );
  expect(readdirSync(out)).toEqual(['results.json']);
  expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(earlier);
});
