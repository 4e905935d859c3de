/**
 * A soak worker's stop: at the deadline, when the CLI writes the stop file, and without a
 * leak warning when many call slots listen to it.
 */
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep, setImmediate as nextTurn } from 'node:timers/promises';
import { SOAK_FILES } from '../../../harness/plan/soakPlan.ts';
import { soakStopSignal } from '../../../harness/soak/soakStopSignal.ts';

test('a soak stops when the CLI writes the stop file, not before', async () => {
  const runDir = mkdtempSync(join(tmpdir(), 'callsoak-stop-'));
  const stop = soakStopSignal(runDir, { startedAtMs: Date.now(), durationS: 3600 }, 2);
  try {
    await sleep(1200);
    expect(stop.signal.aborted).toBe(false);
    const file = join(runDir, SOAK_FILES.stop);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ signal: 'SIGINT', atMs: Date.now() }));
    await expect.poll(() => stop.signal.aborted, { timeout: 3000 }).toBe(true);
  } finally {
    stop.dispose();
  }
});

test('a soak stops at its deadline', async () => {
  const runDir = mkdtempSync(join(tmpdir(), 'callsoak-stop-'));
  const stop = soakStopSignal(runDir, { startedAtMs: Date.now(), durationS: 0.3 }, 1);
  try {
    await expect.poll(() => stop.signal.aborted, { timeout: 3000 }).toBe(true);
  } finally {
    stop.dispose();
  }
});

test('40 call slots listening to one stop print no leak warning', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  const stop = soakStopSignal(mkdtempSync(join(tmpdir(), 'callsoak-stop-')), { startedAtMs: Date.now(), durationS: 3600 }, 40);
  try {
    // as soak/soakSlot.ts does: one listener per slot for the call it holds
    for (let slot = 0; slot < 40; slot++) stop.signal.addEventListener('abort', () => undefined, { once: true });
    await nextTurn();
    // a plain AbortController here would print "MaxListenersExceededWarning: Possible
    // EventTarget memory leak detected" in every soak of more than 10 slots per worker
    expect(warnings).toEqual([]);
  } finally {
    process.off('warning', onWarning);
    stop.dispose();
  }
});
