/**
 * The run directory: an --out that cannot be used is a usage error before anything starts; a
 * disk that fills during the run stops it with exit 5 naming the file and ENOSPC, leaves no
 * temporary file, and never a results.json that lists fewer calls than ran. The disk-full cases
 * mount a small tmpfs (root only); elsewhere they are skipped and say why.
 */
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { CallResult, RunResults } from '../../harness/results/resultsTypes.ts';

/** Mounts a tmpfs of `size` at a new directory; undefined where mounting is not allowed. */
function mountTmpfs(size: string, readOnly = false): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

const canMount = (() => {
  const probe = mountTmpfs('16k');
  if (probe) unmount(probe);
  return probe !== undefined;
})();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

test('an --out that cannot be a run directory is a usage error naming the path and the reason, before anything starts', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'callsoak-out-')), 'a-file');
  writeFileSync(file, 'not a directory\n');
  const cases: [string, string][] = [
    [file, `callsoak run: --out ${file}: cannot create the directory: EEXIST (exists and is not a directory)\n`],
    [join(file, 'run'), `callsoak run: --out ${join(file, 'run')}: cannot create the directory: ${file}: EEXIST (exists and is not a directory)\n`],
    ['/proc/callsoak-run', 'callsoak run: --out /proc/callsoak-run: cannot create the directory: ENOENT (no such file or directory)\n'],
    ['/sys/callsoak-run', 'callsoak run: --out /sys/callsoak-run: cannot create the directory: EPERM (operation not permitted)\n'],
  ];
  for (const [out, message] of cases) {
    const started = Date.now();
    const result = await runCli(['run', '--scenario', 'hangup-call', '--out', out], { timeoutMs: 30_000 });
    expect(result.stderr, out).toBe(message);
    expect(result.code, out).toBe(2);
    expect(Date.now() - started, `${out} must not hang`).toBeLessThan(30_000);
  }
  expect(statSync(file).isFile()).toBe(true);
});

test('an --out on a read-only file system is a usage error; so is one for soak and merge', async () => {
  test.skip(!canMount, 'mounting a tmpfs needs root: not allowed here');
  const readOnly = mountTmpfs('64k', true)!;
  try {
    const run = await runCli(['run', '--scenario', 'hangup-call', '--out', readOnly], { timeoutMs: 30_000 });
    expect(run.stderr).toBe(`callsoak run: --out ${readOnly}: cannot write in the directory: EROFS (read-only file system)\n`);
    expect(run.code).toBe(2);
    const soak = await runCli(['soak', '--duration', '1m', '--out', join(readOnly, 'soak')], { timeoutMs: 30_000 });
    expect(soak.stderr).toBe(`callsoak soak: --out ${join(readOnly, 'soak')}: cannot create the directory: EROFS (read-only file system)\n`);
    expect(soak.code).toBe(2);
  } finally {
    unmount(readOnly);
  }
});

test('a disk that fills during the run: exit 5 naming ENOSPC, no temporary file, results.json (where written) lists the call, the history says so', async () => {
  test.skip(!canMount, 'mounting a tmpfs needs root: not allowed here');
  const history = mkdtempSync(join(tmpdir(), 'callsoak-history-'));
  for (const size of ['150k', '40k']) {
    const disk = mountTmpfs(size)!;
    try {
      const out = join(disk, 'run');
      const result = await runCli(['run', '--scenario', 'hangup-call', '--talk-seconds', '3', '--out', out, '--history', history], { timeoutMs: 120_000 });
      expect(result.code, `${size}: ${result.stderr}`).toBe(5);
      expect(result.stderr, size).toMatch(new RegExp(`callsoak run: cannot write ${out}/\\S+: ENOSPC \\(no space left on device\\): the run stopped; `));
      expect(filesUnder(disk).filter((f) => f.endsWith('.tmp')), size).toEqual([]);
      const resultsPath = join(out, 'results.json');
      if (existsSync(resultsPath)) {
        expect(result.stderr).toContain(`${resultsPath} lists the calls that ran`);
        const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as RunResults<CallResult>;
        expect(results.calls.map((c) => c.scenario)).toEqual(['hangup-call']);
      } else {
        expect(result.stderr).toContain('no results.json was written');
      }
      // the report the console names exists, or the console names none
      if (!existsSync(join(out, 'index.html'))) expect(result.stderr).not.toContain('calls passed');
    } finally {
      unmount(disk);
    }
  }
  const listed = await runCli(['history', 'list', '--history', history]);
  const lines = listed.stdout.split('\n').filter((l) => l.includes('could not be written'));
  expect(lines, listed.stdout).toHaveLength(2);
  for (const line of lines) expect(line).toContain('ENOSPC');
});
