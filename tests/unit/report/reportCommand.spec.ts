/**
 * `callsoak report RUN_DIR [--thresholds FILE]` as a process: it re-renders the three
 * reports from results.json, evaluates thresholds with the run's scenario tags (exit 3 on a
 * breach, naming metric, limit and measured value), keeps earlier threshold results on a
 * plain re-render, and answers every bad input with exit 2 and one clear message.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function report(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/callsoak.js', 'report', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let root: string;
test.beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'callsoak-report-cli-'));
});
test.afterAll(() => rmSync(root, { recursive: true, force: true }));

function runDir(name: string, withPlan = true): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fixtures, 'results.json'), join(dir, 'results.json'));
  if (withPlan) copyFileSync(join(fixtures, 'plan.json'), join(dir, 'plan.json'));
  return dir;
}

test('re-renders index.html, junit.xml and summary.md beside results.json and says where they are', () => {
  const dir = runDir('plain');
  const r = report(dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['report:', 'junit:', 'summary:', '']);
  for (const file of ['index.html', 'junit.xml', 'summary.md']) expect(r.stdout).toContain(join(dir, file));
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('2026-11-24T12-00-00Z-f1x7');
  expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testcase classname="callsoak.packet-loss-10" name="packet-loss-10"');
  expect(readFileSync(join(dir, 'summary.md'), 'utf8').split('\n')[0]).toBe('## ❌ callsoak run `2026-11-24T12-00-00Z-f1x7`: failed');
  expect(existsSync(join(dir, 'thresholds.json'))).toBe(false);
});

test('--thresholds: a breach exits 3 naming metric, threshold and measured value; tags come from plan.json; a later re-render keeps them', () => {
  const dir = runDir('thresholds');
  const file = join(root, 'thresholds-ok.json');
  writeFileSync(file, JSON.stringify({ 'audio.loss_pct{scenario:packet-loss-10}': ['avg<1'], 'audio.rtt_ms{tag:impairment}': ['max<300'] }));
  const r = report(dir, '--thresholds', file);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(3);
  expect(r.stdout.split('\n').slice(3)).toEqual([
    'BREACHED audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call',
    'ok       audio.rtt_ms{tag:impairment} max<300 passed: max = 2.14 ms over 1 call',
    '',
  ]);
  expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| ❌ | `audio.loss_pct{scenario:packet-loss-10}` | `avg<1` | 6.71% over 1 call |');
  expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('audio.loss_pct{scenario:packet-loss-10} avg&lt;1 breached: avg = 6.71% over 1 call');

  // re-render without --thresholds: the stored results are shown again, and rendering alone exits 0
  const again = report(dir);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('BREACHED audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call');
  expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite name="thresholds" tests="2" failures="1"');
});

test('bad input exits 2 with one message and no stack trace', () => {
  const cases: [string[], RegExp][] = [];
  const missing = join(root, 'nope');
  cases.push([[missing], new RegExp(`^callsoak: ${escape(missing)}: no such directory \\(give a run directory, e.g. reports/latest\\)\\n$`)]);

  const empty = join(root, 'empty');
  mkdirSync(empty);
  cases.push([[empty], new RegExp(`^callsoak: ${escape(empty)} has no results.json: it is not a run directory, or its run ended before writing results\\n$`)]);

  const broken = join(root, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'results.json'), '{"schemaVersion": 1, "calls": [');
  cases.push([[broken], new RegExp(`^callsoak: ${escape(join(broken, 'results.json'))} is not valid JSON: .+\\n$`)]);

  const wrong = join(root, 'wrong');
  mkdirSync(wrong);
  writeFileSync(join(wrong, 'results.json'), JSON.stringify({ schemaVersion: 2, run: {}, calls: [{ scenario: 'x', checks: 'none' }] }));
  cases.push([
    [wrong],
    new RegExp(
      `^callsoak: ${escape(join(wrong, 'results.json'))} is not a callsoak results file:\\n` +
        '  schemaVersion must be 1, got 2\\n  run.id must be a string\\n  calls\\[0\\].callId must be a string\\n  calls\\[0\\].expectedEndCallReason must be a string\\n  calls\\[0\\].checks must be an array\\n$',
    ),
  ]);

  const dir = runDir('bad-thresholds');
  const badThresholds = join(root, 'thresholds-bad.json');
  writeFileSync(badThresholds, JSON.stringify({ 'audio.jitter_ms': ['p95<30'], 'audio.loss_pct': 'avg<1' }));
  cases.push([
    [dir, '--thresholds', badThresholds],
    new RegExp(
      `^callsoak: invalid thresholds in ${escape(badThresholds)}:\\n` +
        `  ${escape(badThresholds)}\\["audio.jitter_ms"\\]\\[0\\]: 'p95<30': write the percentile in parentheses, p\\(95\\)\\n` +
        `  ${escape(badThresholds)}\\["audio.loss_pct"\\] must be a list of expressions like \\["p\\(95\\)<30"\\], got "avg<1"\\n$`,
    ),
  ]);
  cases.push([[dir, '--thresholds', join(root, 'absent.json')], new RegExp(`^callsoak: cannot read thresholds file ${escape(join(root, 'absent.json'))}: no such file\\n$`)]);

  for (const [args, stderr] of cases) {
    const r = report(...args);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
  }
  // nothing was written for the bad thresholds: the run directory kept only its inputs
  expect(existsSync(join(dir, 'index.html'))).toBe(false);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
