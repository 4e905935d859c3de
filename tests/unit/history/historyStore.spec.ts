/**
 * The run history on a real directory: append-only (earlier bytes never change), runs that
 * were interrupted or killed are marked and never chosen as last-green, torn or mangled
 * index lines are skipped and reported without taking anything else down.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../../harness/exit/exitCodes.ts';
import { gitRevision } from '../../../harness/history/gitRevision.ts';
import { appendRun, beginRun, lastGreen, listRuns, loadRun, markUnwritten } from '../../../harness/history/historyStore.ts';
import { callsWithJitter, syntheticResults } from '../compare/support/syntheticResults.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-history-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const day = (d: number) => ({ id: `2026-01-${String(d).padStart(2, '0')}T00-00-00Z-${String(d).padStart(4, '0')}`, startedAt: `2026-01-${String(d).padStart(2, '0')}T00:00:00.000Z` });
const results = (d: number, status?: 'passed' | 'failed' | 'interrupted', scenarios = ['hangup-call'], soak = false) =>
  syntheticResults({ ...day(d), status, calls: scenarios.flatMap((s) => callsWithJitter(s, [2, 3, 4], 6)), soak });

function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(join(dir, 'runs'))) files.set(name, readFileSync(join(dir, 'runs', name), 'utf8'));
  return files;
}

test('appending runs never changes a byte of earlier ones', () => {
  for (const d of [1, 2, 3]) appendRun(dir, null, results(d), { gitRevision: null });
  const before = snapshot();
  const indexBefore = readFileSync(join(dir, 'index.jsonl'), 'utf8');
  for (const d of [4, 5]) appendRun(dir, null, results(d, 'failed'), { gitRevision: null });
  const after = snapshot();
  for (const [name, text] of before) expect(after.get(name)).toBe(text);
  expect(after.size).toBe(5);
  expect(readFileSync(join(dir, 'index.jsonl'), 'utf8').startsWith(indexBefore)).toBe(true);
  expect(listRuns(dir)).toEqual({ runs: expect.any(Array), problems: [] });
  expect(listRuns(dir).runs.map((r) => `${r.id} ${r.status}`)).toEqual([1, 2, 3, 4, 5].map((d) => `${day(d).id} ${d <= 3 ? 'passed' : 'failed'}`));
});

test('a record keeps run meta and, per call, the metrics of the project metric list', () => {
  const appended = appendRun(dir, join(dir, '..', 'some-run'), results(1), { gitRevision: 'a'.repeat(40) });
  const record = loadRun(dir, day(1).id);
  expect(record).toEqual(appended.record);
  expect(record).toMatchObject({ historyVersion: 1, id: day(1).id, status: 'passed', seed: 7, gitRevision: 'a'.repeat(40), harnessVersion: '0.1.0', runDir: '../some-run' });
  expect(record.browser).toEqual({ name: 'Chromium', version: '156.0.8078.79' });
  expect(record.calls).toHaveLength(6);
  expect(record.calls.map((c) => c.metrics['audio.jitter_ms'])).toEqual([2, 3, 4, 2, 3, 4]);
  expect(record.calls[0]).toMatchObject({ scenario: 'hangup-call', callId: 'hangup-call-0', status: 'passed' });
  expect(record.calls[0]!.metrics).toMatchObject({ 'audio.packets_received': 250, 'submission.latency_ms': 40, 'audio.jitter_buffer_delay_ms': 60 });
});

test('a soak is recorded as a soak; last-green of a soak is a soak, of a run a run; what was recorded before kinds is a run', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendRun(dir, null, results(2, 'passed', ['hangup-call'], true), { gitRevision: null });
  appendRun(dir, null, results(3), { gitRevision: null });
  beginRun(dir, { ...day(4), kind: 'soak' });
  expect(listRuns(dir).runs.map((r) => `${r.kind} ${r.status}`)).toEqual(['run passed', 'soak passed', 'run passed', 'soak interrupted']);
  expect(loadRun(dir, day(2).id).kind).toBe('soak');
  expect(lastGreen(dir, { kind: 'soak' })?.id).toBe(day(2).id);
  expect(lastGreen(dir, { kind: 'run' })?.id).toBe(day(3).id);
  expect(lastGreen(dir, { kind: 'soak', before: day(2).startedAt })).toBeUndefined();

  // a history written before soaks were recorded: no kind in the record or the index line
  const old = mkdtempSync(join(tmpdir(), 'callsoak-history-old-'));
  appendRun(old, null, results(5), { gitRevision: null });
  const file = join(old, 'runs', `${day(5).id}.json`);
  const { kind: _kind, ...record } = JSON.parse(readFileSync(file, 'utf8')) as { kind?: string };
  writeFileSync(file, JSON.stringify(record));
  const line = JSON.parse(readFileSync(join(old, 'index.jsonl'), 'utf8')) as { kind?: string };
  delete line.kind;
  writeFileSync(join(old, 'index.jsonl'), `${JSON.stringify(line)}\n`);
  expect(listRuns(old)).toMatchObject({ runs: [{ id: day(5).id, kind: 'run' }], problems: [] });
  expect(lastGreen(old, { kind: 'run' })?.id).toBe(day(5).id);
  // the same run added again is the same record, not a different one
  expect(appendRun(old, null, results(5), { gitRevision: null }).alreadyRecorded).toBe(true);
  rmSync(old, { recursive: true, force: true });
});

test('the git revision is recorded from the checkout, and is null outside one', () => {
  expect(gitRevision(REPO)).toMatch(/^[0-9a-f]{40}$/);
  expect(gitRevision(dir)).toBeNull();
});

test('the same run appended twice is recorded once; a different record under its id is refused and nothing changes', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  const before = snapshot();
  const index = readFileSync(join(dir, 'index.jsonl'), 'utf8');
  expect(appendRun(dir, null, results(1), { gitRevision: null }).alreadyRecorded).toBe(true);
  const altered = results(1);
  altered.calls.pop();
  expect(() => appendRun(dir, null, altered, { gitRevision: null })).toThrow(`history already holds a different record of run ${day(1).id}`);
  expect(snapshot()).toEqual(before);
  expect(readFileSync(join(dir, 'index.jsonl'), 'utf8')).toBe(index);
});

test('an interrupted run is recorded as interrupted and never chosen as last-green', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendRun(dir, null, results(2, 'failed'), { gitRevision: null });
  appendRun(dir, null, results(3, 'interrupted'), { gitRevision: null });
  const listing = listRuns(dir);
  expect(listing.runs.map((r) => r.status)).toEqual(['passed', 'failed', 'interrupted']);
  expect(loadRun(dir, day(3).id).status).toBe('interrupted');
  expect(lastGreen(dir)?.id).toBe(day(1).id);
});

test('a run whose results could not be written is listed as failed with the reason, and never chosen as last-green', () => {
  appendRun(dir, null, results(1, 'passed'));
  beginRun(dir, { ...day(2), kind: 'run' });
  markUnwritten(dir, { id: day(2).id, reason: 'cannot write /mnt/run/results.json: ENOSPC (no space left on device)' });
  const { runs, problems } = listRuns(dir);
  expect(problems).toEqual([]);
  expect(runs.map((r) => [r.id, r.status, r.recorded, r.note ?? ''])).toEqual([
    [day(1).id, 'passed', true, ''],
    [day(2).id, 'failed', false, 'its results could not be written: cannot write /mnt/run/results.json: ENOSPC (no space left on device)'],
  ]);
  expect(lastGreen(dir)?.id).toBe(day(1).id);
});

test('a killed run: earlier runs intact, the killed one marked interrupted, last-green skips it', async () => {
  const child = spawn(process.execPath, [join(REPO, 'bin/run-ts.js'), join(REPO, 'tests/unit/history/support/killedWriter.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited ${code} before it was killed: ${stderr}`)));
  });
  const before = snapshot();
  const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');

  expect(snapshot()).toEqual(before);
  const listing = listRuns(dir);
  expect(listing.problems).toEqual([]);
  expect(listing.runs.map((r) => `${r.id} ${r.status} ${r.recorded}`)).toEqual([
    `${day(1).id} passed true`,
    `${day(2).id} passed true`,
    `${day(3).id} passed true`,
    `${day(4).id} interrupted false`,
  ]);
  expect(listing.runs[3]!.note).toBe('started but never recorded: the run was killed before it finished');
  expect(lastGreen(dir)?.id).toBe(day(3).id);
  for (const d of [1, 2, 3]) expect(loadRun(dir, day(d).id).calls).toHaveLength(6);
  expect(() => loadRun(dir, day(4).id)).toThrow(`run ${day(4).id} in history`);
  expect(() => loadRun(dir, day(4).id)).toThrow('was interrupted before it was recorded; it has no metrics to compare');
});

test('a torn last index line is skipped and reported, and the next append is still readable', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendRun(dir, null, results(2), { gitRevision: null });
  appendFileSync(join(dir, 'index.jsonl'), '{"event":"recorded","id":"2026-01-03T00-0'); // the crash cut the write here
  let listing = listRuns(dir);
  expect(listing.runs.map((r) => r.id)).toEqual([day(1).id, day(2).id]);
  expect(listing.problems).toEqual([expect.stringMatching(/index\.jsonl line 3: not valid JSON \(torn: the last write did not finish\); skipped$/)]);

  appendRun(dir, null, results(4), { gitRevision: null });
  listing = listRuns(dir);
  expect(listing.runs.map((r) => r.id)).toEqual([day(1).id, day(2).id, day(4).id]);
  expect(listing.problems).toEqual([expect.stringMatching(/index\.jsonl line 3: not valid JSON; skipped$/)]);
  expect(lastGreen(dir)?.id).toBe(day(4).id);
});

test('a mangled index line and an unreadable record file are reported, never fatal', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendFileSync(join(dir, 'index.jsonl'), '{"event":"recorded","id":"x"}\n{"event":"deleted","id":"y"}\n');
  writeFileSync(join(dir, 'runs', 'broken.json'), '{"historyVersion":1');
  const { runs, problems } = listRuns(dir);
  expect(runs.map((r) => r.id)).toEqual([day(1).id]);
  expect(problems).toHaveLength(3);
  expect(problems[0]).toMatch(/index\.jsonl line 2: startedAt is required \(a string\); .*; skipped$/);
  expect(problems[1]).toMatch(/index\.jsonl line 3: event must be 'started', 'recorded' or 'unwritten', got 'deleted'; skipped$/);
  expect(problems[2]).toMatch(/runs\/broken\.json: not valid JSON \(.*\); skipped$/);
});

test('a record whose index line was lost (crash between the two writes) is still listed, with a note', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendRun(dir, null, results(2), { gitRevision: null });
  const index = readFileSync(join(dir, 'index.jsonl'), 'utf8').split('\n');
  writeFileSync(join(dir, 'index.jsonl'), `${index[0]}\n`); // as if the process died right after the record's link
  const { runs, problems } = listRuns(dir);
  expect(problems).toEqual([]);
  expect(runs.map((r) => r.id)).toEqual([day(1).id, day(2).id]);
  expect(runs[1]!.note).toBe(`recovered from runs/${day(2).id}.json: its index line is missing`);
  expect(lastGreen(dir)?.id).toBe(day(2).id);
});

test('last-green: before a time, excluding the current run, preferring a run with all the scenarios', () => {
  appendRun(dir, null, results(1, 'passed', ['a', 'b']), { gitRevision: null });
  appendRun(dir, null, results(2, 'passed', ['a']), { gitRevision: null });
  appendRun(dir, null, results(3, 'failed', ['a', 'b']), { gitRevision: null });
  appendRun(dir, null, results(4, 'passed', ['c']), { gitRevision: null });
  expect(lastGreen(dir)?.id).toBe(day(4).id);
  expect(lastGreen(dir, { before: day(4).startedAt })?.id).toBe(day(2).id);
  expect(lastGreen(dir, { excludeId: day(4).id })?.id).toBe(day(2).id);
  expect(lastGreen(dir, { scenarios: ['a', 'b'] })?.id).toBe(day(1).id);
  expect(lastGreen(dir, { scenarios: ['b', 'z'] })?.id).toBe(day(1).id); // shares b
  expect(lastGreen(dir, { scenarios: ['z'] })).toBeUndefined();
  expect(lastGreen(join(dir, 'nothing-here'))).toBeUndefined();
});

test('loadRun: by id or a unique prefix; an unknown or ambiguous id is a usage error that says what the history holds', () => {
  appendRun(dir, null, results(1), { gitRevision: null });
  appendRun(dir, null, results(2), { gitRevision: null });
  expect(loadRun(dir, day(2).id.slice(0, 12)).id).toBe(day(2).id);
  const unknown = (() => {
    try {
      loadRun(dir, 'nope');
    } catch (error) {
      return error;
    }
  })();
  expect(unknown).toBeInstanceOf(UsageError);
  expect((unknown as UsageError).message).toBe(`unknown run id nope in history ${dir} (it holds 2 runs, the latest ${day(2).id})`);
  expect(() => loadRun(dir, '2026-01-0')).toThrow(`run id 2026-01-0 is ambiguous in history ${dir}: it starts 2 ids (${day(1).id}, ${day(2).id})`);
});

test('a run id that cannot be a file name is refused before anything is written', () => {
  const bad = results(1);
  bad.run.id = '../escape';
  expect(() => appendRun(dir, null, bad, { gitRevision: null })).toThrow(`run id "../escape" cannot name a history file`);
  expect(() => beginRun(dir, { id: '.hidden', startedAt: day(1).startedAt, kind: 'run' })).toThrow('cannot name a history file');
  expect(readdirSync(dir)).toEqual([]);
});
