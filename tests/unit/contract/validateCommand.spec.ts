import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { specTransform } from '../../../harness/contract/transforms/specTransform.ts';
import { asReport, CONTEXT, eightSecondCall } from './fixtures/chromiumSnapshot.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const DOC = 'tests/unit/contract/fixtures/doc-example.json';

/** Runs `callsoak validate ARGS` as a process from the repo root. */
function validate(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/callsoak.js', 'validate', ...args], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callsoak-validate-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the documentation's own example: the trailing comma at 17:4, then every other problem against the field table", () => {
  const r = validate(DOC);
  expect(r.code).toBe(1);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(
    [
      `${DOC}:17:4: error: invalid JSON: trailing comma before '}': JSON allows no comma after the last property`,
      `${DOC}: note: the rest was checked with the trailing comma removed`,
      `${DOC}:6:3: warning: call_ended_time 123456 is 1970-01-02T10:17:36.000Z; a call's Unix timestamp in seconds is ≥ 1000000000 (2001-09-09)`,
      `${DOC}:7:3: warning: first_audio_packet_received_time 12345 is 1970-01-01T03:25:45.000Z; a call's Unix timestamp in seconds is ≥ 1000000000 (2001-09-09)`,
      `${DOC}:8:3: error: audio_stats.call_ended_time is required by the field table and is missing`,
      `${DOC}:8:3: error: audio_stats.jitter is required by the field table and is missing (the body has audio_stats.jitter_sec instead)`,
      `${DOC}:8:3: error: audio_stats.round_trip_time_ms is required by the field table and is missing (the body has audio_stats.round_trip_time_sec instead)`,
      `${DOC}:8:3: error: audio_stats.jitter_buffer_delay_ms is required by the field table and is missing (the body has audio_stats.jitter_buffer_delay_sec instead)`,
      `${DOC}:8:3: error: audio_stats.total_samples_duration_ms is required by the field table and is missing (the body has audio_stats.total_samples_duration_sec instead)`,
      `${DOC}:9:5: error: audio_stats.jitter_sec is not a field of the field table (the field table names it audio_stats.jitter)`,
      `${DOC}:12:5: error: audio_stats.round_trip_time_sec is not a field of the field table (the field table names it audio_stats.round_trip_time_ms)`,
      `${DOC}:12:5: warning: audio_stats.round_trip_time_sec 10.5 is 10.5 s, longer than any call can tolerate (> 10 s); it looks like a running sum (remote-inbound-rtp totalRoundTripTime) sent where the average is meant`,
      `${DOC}:13:5: error: audio_stats.jitter_buffer_delay_sec is not a field of the field table (the field table names it audio_stats.jitter_buffer_delay_ms)`,
      `${DOC}:13:5: warning: audio_stats.jitter_buffer_delay_sec 4000.5 is 4000.5 s, longer than any call can tolerate (> 10 s); it looks like a running sum (inbound-rtp jitterBufferDelay) sent where the average is meant`,
      `${DOC}:15:5: error: audio_stats.silent_concealed_samples 16000 > audio_stats.concealed_samples 2000: silent concealed samples are a subset of concealed samples; expected ≤ 2000`,
      `${DOC}:16:5: error: audio_stats.total_samples_duration_sec is not a field of the field table (the field table names it audio_stats.total_samples_duration_ms)`,
      `${DOC}: invalid against the field table (schemas/call-metrics.table.schema.json): 1 JSON syntax error, 9 schema problems, 1 contract problem, 4 warnings`,
      `${DOC}: note: the example variant's schema accepts this payload (--variant example)`,
      '',
    ].join('\n'),
  );
});

test('the example variant accepts its field names but still reports the comma and the contradictions', () => {
  const r = validate(DOC, '--variant', 'example');
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toBe(`${DOC}:17:4: error: invalid JSON: trailing comma before '}': JSON allows no comma after the last property`);
  expect(lines.filter((l) => l.includes(': error: '))).toHaveLength(2); // the comma and silent > concealed
  expect(lines.at(-1)).toBe(
    `${DOC}: invalid against the documentation's example (schemas/call-metrics.example.schema.json): 1 JSON syntax error, 1 contract problem, 4 warnings`,
  );
});

test('a spec payload file is valid: exit 0 and one line', () => {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(specTransform(asReport(eightSecondCall()), CONTEXT), null, 2));
  const r = validate(file);
  expect({ code: r.code, stdout: r.stdout }).toEqual({
    code: 0,
    stdout: `${file}: valid against the field table (schemas/call-metrics.table.schema.json)\n`,
  });
});

test('a file with a UTF-8 byte-order mark: columns on line 1 count from the first character after it, as editors show them', () => {
  const payload = JSON.stringify(specTransform(asReport(eightSecondCall()), CONTEXT));
  const file = join(dir, 'bom.json');
  writeFileSync(file, `\uFEFF{"bogus": 1, ${payload.slice(1)}`);
  expect(validate(file)).toEqual({
    code: 1,
    stdout: `${file}:1:2: error: bogus is not a field of the field table\n${file}: invalid against the field table (schemas/call-metrics.table.schema.json): 1 schema problem\n`,
    stderr: '',
  });
  const broken = join(dir, 'bom-broken.json');
  writeFileSync(broken, '\uFEFF{"platform" "messenger"}');
  expect(validate(broken).stdout).toBe(
    `${broken}:1:13: error: invalid JSON: expected ':' after the property name, found "\\""\n${broken}: invalid: 1 JSON syntax error; the payload cannot be read further\n`,
  );
});

test('JSON that breaks beyond a trailing comma stops at the break', () => {
  const file = join(dir, 'broken.json');
  writeFileSync(file, '{\n  "platform": "messenger",\n  "call_id": c_1\n}\n');
  const r = validate(file);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe(`${file}:3:14: error: invalid JSON: expected a value, found "c"\n${file}: invalid: 1 JSON syntax error; the payload cannot be read further\n`);
});

test('unreadable input exits 2 with one line on stderr and no stack trace', () => {
  const missing = validate(join(dir, 'nope.json'));
  expect(missing).toEqual({ code: 2, stdout: '', stderr: `callsoak: cannot read ${join(dir, 'nope.json')}: no such file\n` });
  const directory = validate(dir);
  expect(directory).toEqual({ code: 2, stdout: '', stderr: `callsoak: cannot read ${dir}: it is a directory\n` });
  if (process.getuid?.() !== 0) {
    const locked = join(dir, 'locked.json');
    writeFileSync(locked, '{}');
    chmodSync(locked, 0o000);
    expect(validate(locked)).toEqual({ code: 2, stdout: '', stderr: `callsoak: cannot read ${locked}: permission denied\n` });
  }
  const badVariant = validate(DOC, '--variant', 'both');
  expect(badVariant.code).toBe(2);
  expect(badVariant.stderr).toContain("argument 'both' is invalid. Allowed choices are table, example.");
});
