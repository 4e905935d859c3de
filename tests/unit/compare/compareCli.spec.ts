/**
 * `callsoak compare` as a user runs it: a separate process on run directories and a history
 * on disk, judged by exit code, stdout, stderr and the files it writes: the real
 * bin/callsoak.js.
 */
import { test, expect } from '@playwright/test';
import { runCli } from '../../support/runCli.ts';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRun } from '../../../harness/history/historyStore.ts';
import type { RunResults } from '../../../harness/results/resultsTypes.ts';
import { callsWithJitter, syntheticResults } from './support/syntheticResults.ts';


let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-compare-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function compare(...args: string[]) {
  return runCli(['compare', ...args], { cwd: dir, timeoutMs: 60_000 });
}

const CLEAN = [17.2, 18.4, 15.9, 21.0, 18.8, 16.5, 19.7, 22.3, 14.8, 18.1];
const JITTERY = [36.1, 41.2, 33.8, 39.5, 44.0, 37.7, 35.2, 42.6, 38.9, 31.4];

function runDir(name: string, d: number, jitter: number[], status?: 'passed' | 'failed', soak = false): { path: string; results: RunResults } {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  const results = syntheticResults({ id: `2026-01-0${d}T00-00-00Z-000${d}`, startedAt: `2026-01-0${d}T00:00:00.000Z`, status, calls: callsWithJitter('hangup-call', jitter), soak });
  writeFileSync(join(path, 'results.json'), JSON.stringify(results));
  return { path, results };
}

test('a run whose jitter rose is a regression: exit 4, the report names it, compare.md and compare.html land in the current run', async () => {
  runDir('base', 1, CLEAN);
  runDir('cur', 2, JITTERY);
  const r = await compare('base', 'cur');
  expect(r.code).toBe(4);
  expect(r.stdout.split('\n')[0]).toBe('# callsoak compare: REGRESSION');
  // every sample of a synthetic call has the same jitter, so its max moved with it
  expect(r.stdout).toContain('\n2 regressions, 12 unchanged\n');
  expect(r.stdout).toContain(
    '\n- hangup-call · audio.jitter_ms rose from 18.25 ms to 38.3 ms (median of 10 vs 10 calls; p95 21.71 ms → 43.37 ms): shift +19.95 ms, 95% CI [+16.6 ms, +23 ms], adjusted p <0.0001\n',
  );
  expect(r.stdout).toContain('\n| regression | hangup-call | audio.jitter_ms | 18.25 ms (21.71 ms) | 38.3 ms (43.37 ms) | 10 → 10 | +19.95 ms [+16.6, +23] | <0.0001 | <0.0001 |\n');
  expect(r.stderr).toBe('callsoak compare: wrote cur/compare.md and compare.html\n');
  expect(readFileSync(join(dir, 'cur/compare.md'), 'utf8')).toBe(r.stdout);
  const html = readFileSync(join(dir, 'cur/compare.html'), 'utf8');
  expect(html).toContain('<tr class="regression"');
  expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
});

test('the same distribution on both sides: exit 0, nothing flagged', async () => {
  runDir('base', 1, CLEAN);
  runDir('cur', 2, [...CLEAN].reverse().map((v) => v + 0.1));
  const r = await compare('base', 'cur', '--out', 'report');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[0]).toBe('# callsoak compare: no regression');
  expect(r.stdout).toContain('\n14 unchanged\n');
  expect(existsSync(join(dir, 'report/compare.html'))).toBe(true);
  expect(existsSync(join(dir, 'cur/compare.md'))).toBe(false);
});

test('--baseline last-green compares with the latest passed run in the history, skipping failed ones', async () => {
  const history = join(dir, 'history');
  appendRun(history, null, runDir('n1', 1, CLEAN).results, { gitRevision: null });
  appendRun(history, null, runDir('n2', 2, JITTERY, 'failed').results, { gitRevision: null });
  runDir('cur', 3, JITTERY);
  const r = await compare('--baseline', 'last-green', '--history', 'history', 'cur');
  expect(r.code).toBe(4);
  expect(r.stdout).toContain('- baseline: 2026-01-01T00-00-00Z-0001 (passed, 2026-01-01 00:00 UTC, no git revision, Chromium 156.0.8078.79, callsoak 0.1.0, 10 calls) from history:2026-01-01T00-00-00Z-0001');
  // history ids work as CURRENT too; nothing is written without a run directory or --out
  const byId = await compare('2026-01-01T00-00-00Z-0001', '2026-01-02T00-00-00Z-0002', '--history', 'history');
  expect(byId.code).toBe(4);
  expect(byId.stderr).toBe('');
});

test('--baseline-runs N pools the last N green runs into the baseline sample', async () => {
  const history = join(dir, 'history');
  appendRun(history, null, runDir('n1', 1, CLEAN).results, { gitRevision: null });
  appendRun(history, null, runDir('n2', 2, CLEAN.map((v) => v + 0.5)).results, { gitRevision: null });
  appendRun(history, null, runDir('n3', 3, JITTERY, 'failed').results, { gitRevision: null });
  appendRun(history, null, runDir('n4', 4, CLEAN.map((v) => v - 0.5)).results, { gitRevision: null });
  runDir('cur', 5, JITTERY);
  const r = await compare('--baseline', 'last-green', '--baseline-runs', '5', '--history', 'history', 'cur');
  expect(r.code).toBe(4);
  expect(r.stdout).toContain(
    '- baseline: 2026-01-01T00-00-00Z-0001+2026-01-02T00-00-00Z-0002+2026-01-04T00-00-00Z-0004 (passed, 2026-01-01 00:00 UTC, no git revision, Chromium 156.0.8078.79, callsoak 0.1.0, 30 calls) from history: the last 3 green runs pooled (of 5 asked for)\n',
  );
  expect(r.stdout).toContain('(median of 30 vs 10 calls;');
});

test('last-green compares a soak only with soaks and a run only with runs; naming the other kind by hand warns', async () => {
  // a run's latest green predecessor is a soak: its baseline is the run before
  appendRun(join(dir, 'h-run'), null, runDir('run1', 1, CLEAN).results, { gitRevision: null });
  appendRun(join(dir, 'h-run'), null, runDir('soak2', 2, CLEAN, 'passed', true).results, { gitRevision: null });
  runDir('run4', 4, JITTERY);
  const run = await compare('--baseline', 'last-green', 'run4', '--history', 'h-run');
  expect(run.code).toBe(4);
  expect(run.stdout).toMatch(/\n- baseline: 2026-01-01T00-00-00Z-0001 \(passed, .* from history:2026-01-01T00-00-00Z-0001\n/);
  // a soak's latest green predecessor is a run: its baseline is the soak before
  appendRun(join(dir, 'h-soak'), null, runDir('soak1', 1, CLEAN, 'passed', true).results, { gitRevision: null });
  appendRun(join(dir, 'h-soak'), null, runDir('run2', 2, CLEAN).results, { gitRevision: null });
  runDir('soak3', 3, JITTERY, 'passed', true);
  const soak = await compare('--baseline', 'last-green', 'soak3', '--history', 'h-soak');
  expect(soak.code).toBe(4);
  expect(soak.stdout).toMatch(/\n- baseline: 2026-01-01T00-00-00Z-0001 \(passed soak, .* from history:2026-01-01T00-00-00Z-0001\n/);
  expect(soak.stdout).toMatch(/\n- current: 2026-01-03T00-00-00Z-0003 \(passed soak, .* from soak3\n/);
  // no green run of its kind: the message says what the history holds instead
  appendRun(join(dir, 'runs-only'), null, runDir('run0', 1, CLEAN).results, { gitRevision: null });
  const noSoak = await compare('--baseline', 'last-green', 'soak3', '--history', 'runs-only');
  expect(noSoak).toMatchObject({ code: 2, stdout: '' });
  expect(noSoak.stderr).toBe('callsoak: no green soak in history runs-only before 2026-01-03T00-00-00Z-0003 sharing a scenario with it (the history holds 1 run, 1 passed; none are soaks)\n');
  appendRun(join(dir, 'soaks-only'), null, runDir('soak0', 1, CLEAN, 'passed', true).results, { gitRevision: null });
  const onlySoaks = await compare('--baseline', 'last-green', 'run4', '--history', 'soaks-only');
  expect(onlySoaks.stderr).toBe('callsoak: no green run in history soaks-only before 2026-01-04T00-00-00Z-0004 sharing a scenario with it (the history holds 1 run, 1 passed; 1 is a soak, which a run is never compared with)\n');
  // named by hand: compared, with a warning
  const mixed = await compare('soak2', 'run4');
  expect(mixed.code).toBe(4);
  expect(mixed.stderr.split('\n')[0]).toBe('callsoak compare: warning: BASELINE is a soak and CURRENT a run; their calls differ in length, which alone can move their metrics');
});

test('usage errors exit 2 with one clear line and no stack trace', async () => {
  runDir('cur', 2, JITTERY);
  mkdirSync(join(dir, 'empty'));
  const history = join(dir, 'history');
  appendRun(history, null, runDir('n1', 1, CLEAN, 'failed').results, { gitRevision: null });
  const cases: [string[], string][] = [
    [['missing', 'cur'], 'callsoak: BASELINE: missing is neither a run directory nor a run id in history reports/history (no such directory)'],
    [['./missing', 'cur'], 'callsoak: BASELINE: no such run directory: ./missing'],
    [['cur', 'nope', '--history', 'history'], 'callsoak: CURRENT: nope is neither a run directory nor a run id in history history (it holds 1 run, the latest 2026-01-01T00-00-00Z-0001)'],
    [['./empty', 'cur'], 'callsoak: BASELINE: ./empty has no results.json; is it a run directory? (a run that was killed before it finished writes none)'],
    [['--baseline', 'last-green', 'cur', '--history', 'history'], 'callsoak: no green run in history history before 2026-01-02T00-00-00Z-0002 sharing a scenario with it (the history holds 1 run, 0 passed)'],
    [['--baseline', 'last-green'], 'callsoak: --baseline last-green needs CURRENT: a run directory or a history id'],
    [['cur'], 'callsoak: compare needs a baseline for cur: give BASELINE CURRENT, or --baseline last-green cur'],
    [['cur', 'cur', '--alpha', '5'], 'callsoak: --alpha must be in (0, 0.5], got 5'],
    [['n1', 'cur', '--baseline-runs', '3'], 'callsoak: --baseline-runs 3 pools green runs from the history; it needs --baseline last-green'],
  ];
  const outcomes = await Promise.all(cases.map(([args]) => compare(...args)));
  cases.forEach(([args, message], i) => {
    const r = outcomes[i]!;
    expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code: 2, stderr: `${message}\n`, stdout: '' });
  });
});
