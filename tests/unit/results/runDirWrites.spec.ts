/**
 * The run directory's one write path on the real file system: whole files or none, no
 * temporary file left, every failure a WriteFailure naming the path and the system's reason.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeDirectory, writeFileAtomic, WriteFailure } from '../../../harness/results/runDirWrites.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-writes-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failureOf(action: () => void): WriteFailure {
  try {
    action();
  } catch (error) {
    if (error instanceof WriteFailure) return error;
    throw error;
  }
  throw new Error('expected a WriteFailure');
}

test('a file is written whole, its directories made, and replaced whole', () => {
  const path = join(dir, 'a', 'b', 'results.json');
  writeFileAtomic(path, '{"v":1}\n');
  writeFileAtomic(path, '{"v":2}\n');
  expect(readFileSync(path, 'utf8')).toBe('{"v":2}\n');
  expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['results.json']);
});

test('a directory under /proc fails at once with the path and reason, instead of spinning', () => {
  const failure = failureOf(() => makeDirectory('/proc/callsoak-test/run'));
  expect([failure.path, failure.code, failure.message]).toEqual(['/proc/callsoak-test', 'ENOENT', 'cannot write /proc/callsoak-test: ENOENT (no such file or directory)']);
});

test('a path through a file names that file, and no temporary file is left', () => {
  const file = join(dir, 'plain');
  writeFileSync(file, 'x');
  expect(failureOf(() => writeFileAtomic(join(file, 'results.json'), '{}')).message).toBe(`cannot write ${file}: EEXIST (exists and is not a directory)`);
  expect(readdirSync(dir)).toEqual(['plain']);
});
