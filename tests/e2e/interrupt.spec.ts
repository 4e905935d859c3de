/**
 * Ctrl-C on a run: the calls in progress end, results.json and the report are still written,
 * marked interrupted, the exit code is 130, and no browser is left behind.
 */
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';

const BIN = fileURLToPath(new URL('../../bin/callsoak.js', import.meta.url));

/** Live (not zombie) chromium processes. */
function liveChromium(): number {
  const out = execFileSync('ps', ['-eo', 'stat=,comm='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /chrom/.test(l) && !l.trim().startsWith('Z')).length;
}

test('SIGINT mid-run: exit 130, a complete report marked interrupted, no chromium left', async () => {
  const before = liveChromium();
  const out = mkdtempSync(join(tmpdir(), 'callsoak-interrupt-'));
  const child = spawn(process.execPath, [BIN, 'run', '--scenario', 'hangup-call', 'packet-loss-10', '--talk-seconds', '30', '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  // interrupt once the calls are talking
  await expect.poll(() => existsSync(join(out, 'endpoint')), { timeout: 60_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code, stderr).toBe(130);
  expect(stderr).toContain('callsoak run: SIGINT: ending the calls in progress and writing the report');
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.run.status).toBe('interrupted');
  expect(results.calls).toHaveLength(2);
  expect(existsSync(join(out, 'index.html'))).toBe(true);
  await expect.poll(liveChromium, { timeout: 10_000 }).toBeLessThanOrEqual(before);
});
