/** The one-step CI path (`run --compare-to last-green`): record, pick the baseline, compare, write. */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareToHistory } from '../../../harness/compare/compareToHistory.ts';
import { listRuns } from '../../../harness/history/historyStore.ts';
import { callsWithJitter, syntheticResults } from './support/syntheticResults.ts';

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-compare-to-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const night = (d: number, jitter: number[], status?: 'passed' | 'failed' | 'interrupted') => ({
  historyDir: join(dir, 'history'),
  runDir: join(dir, `night-${d}`),
  results: syntheticResults({ id: `2026-01-0${d}T00-00-00Z-000${d}`, startedAt: `2026-01-0${d}T00:00:00.000Z`, status, calls: callsWithJitter('hangup-call', jitter) }),
});
const CLEAN = [17.2, 18.4, 15.9, 21.0, 18.8, 16.5, 19.7, 22.3, 14.8, 18.1];

test('first night: recorded, nothing to compare with, and that is a note rather than an error', () => {
  const out = compareToHistory(night(1, CLEAN));
  expect(out.comparison).toBeNull();
  expect(out.note).toMatch(/^no green run in history .* before 2026-01-01T00-00-00Z-0001 sharing a scenario with it \(the history holds 1 run, 1 passed\)$/);
  expect(listRuns(join(dir, 'history')).runs.map((r) => r.id)).toEqual(['2026-01-01T00-00-00Z-0001']);
});

test('later nights compare with the last green one (not themselves), and write compare.md and compare.html into the run', () => {
  compareToHistory(night(1, CLEAN));
  const quiet = compareToHistory(night(2, CLEAN.map((v) => v + 0.2), 'failed'));
  expect(quiet.comparison?.regression).toBe(false);
  expect(quiet.comparison?.baseline.id).toBe('2026-01-01T00-00-00Z-0001');
  const loud = compareToHistory(night(3, CLEAN.map((v) => v + 20)));
  expect(loud.comparison?.regression).toBe(true);
  expect(loud.comparison?.baseline.id).toBe('2026-01-01T00-00-00Z-0001'); // night 2 failed: not green
  expect(loud.files.map((f) => f.slice(dir.length + 1))).toEqual(['night-3/compare.md', 'night-3/compare.html']);
  expect(readFileSync(join(dir, 'night-3/compare.md'), 'utf8')).toBe(loud.markdown);
});

test('an interrupted run is recorded as interrupted and not compared', () => {
  compareToHistory(night(1, CLEAN));
  const out = compareToHistory(night(2, CLEAN.map((v) => v + 20), 'interrupted'));
  expect(out.comparison).toBeNull();
  expect(out.note).toBe('the run was interrupted: recorded in the history, not compared');
  expect(existsSync(join(dir, 'night-2/compare.md'))).toBe(false);
  expect(listRuns(join(dir, 'history')).runs.map((r) => r.status)).toEqual(['passed', 'interrupted']);
});
