/**
 * `callsoak history add RUN_DIR…` and `callsoak history [list]` as a process: the real
 * bin/callsoak.js.
 */
import { test, expect } from '@playwright/test';
import { runCli } from '../../support/runCli.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsWithJitter, syntheticResults } from '../compare/support/syntheticResults.ts';


let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-history-cli-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function history(...args: string[]) {
  return runCli(['history', ...args], { cwd: dir, timeoutMs: 60_000 });
}

function runDir(name: string, d: number, status?: 'passed' | 'failed' | 'interrupted'): void {
  mkdirSync(join(dir, name));
  const results = syntheticResults({ id: `2026-01-0${d}T00-00-00Z-000${d}`, startedAt: `2026-01-0${d}T00:00:00.000Z`, status, calls: callsWithJitter('hangup-call', [2, 3], 4) });
  writeFileSync(join(dir, name, 'results.json'), JSON.stringify(results));
}

test('add records run directories in reports/history, once; list shows them oldest first with their status', async () => {
  runDir('a', 1);
  runDir('b', 2, 'interrupted');
  const added = await history('add', 'b', 'a');
  expect(added).toMatchObject({ code: 0, stderr: '' });
  expect(added.stdout).toBe(
    '2026-01-02T00-00-00Z-0002 (interrupted, 4 calls) recorded in history reports/history\n' + '2026-01-01T00-00-00Z-0001 (passed, 4 calls) recorded in history reports/history\n',
  );
  const again = await history('add', 'a');
  expect(again.stdout).toBe('2026-01-01T00-00-00Z-0001 (passed, 4 calls) already in history reports/history\n');
  expect(readFileSync(join(dir, 'reports/history/index.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);

  const listed = await history();
  expect(listed.code).toBe(0);
  const lines = listed.stdout.trim().split('\n');
  expect(lines).toHaveLength(2);
  // the working directory is no git checkout, so no revision ("-")
  expect(lines[0]).toBe(`2026-01-01T00-00-00Z-0001  passed       run   4 calls    ${'-'.padEnd(10)}  hangup-call`);
  expect(lines[1]).toMatch(/^2026-01-02T00-00-00Z-0002 {2}interrupted {2}run {3}4 calls /);
});

test('add with a directory that is not a run adds nothing and exits 2 with one line', async () => {
  runDir('a', 1);
  const r = await history('add', 'a', 'missing', '--history', 'h');
  expect(r).toEqual({ code: 2, stdout: '', stderr: 'callsoak: history add: no such run directory: missing\n' });
  expect((await history('list', '--history', 'h')).stdout).toBe('history h holds no runs\n');
});
