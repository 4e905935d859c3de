/** The DTMF check against what the edge decoded: digits, tone lengths, spacing. */
import { test, expect } from '@playwright/test';
import { dtmfDigitsCheck, type DecodedTone, type SentTone } from '../../../harness/engine/checks/dtmfDigitsCheck.ts';

const T0 = 1_796_000_000_000;
/** '123' sent as documented: a tone every 600 ms, then the end */
const sent: SentTone[] = [
  { tone: '1', atMs: T0 },
  { tone: '2', atMs: T0 + 600 },
  { tone: '3', atMs: T0 + 1200 },
  { tone: '', atMs: T0 + 1800 },
];
const decoded = (shift = 0): DecodedTone[] => [
  { digit: '1', startedAtMs: T0 + 30 + shift, durationMs: 500 },
  { digit: '2', startedAtMs: T0 + 630 + shift, durationMs: 500 },
  { digit: '3', startedAtMs: T0 + 1230 + shift, durationMs: 480 },
];

test('the digits sent, decoded at the edge with the documented timing, pass', () => {
  const check = dtmfDigitsCheck(sent, decoded(40))!;
  expect(check.ok).toBe(true);
  expect(check.message).toContain('"123"');
  expect(check.message).toContain('a browser has no API to receive DTMF');
});

test('a lost digit fails, naming what was sent and what arrived', () => {
  const check = dtmfDigitsCheck(sent, decoded().filter((d) => d.digit !== '2'))!;
  expect(check).toMatchObject({ ok: false, id: 'platform.dtmf_digits' });
  expect(check.message).toContain('the consumer sent DTMF "123"; the edge decoded "13"');
});

test('a tone cut short or spaced wrongly fails with the digit and the numbers', () => {
  const short = decoded();
  short[1] = { ...short[1]!, durationMs: 200 };
  expect(dtmfDigitsCheck(sent, short)!.message).toContain("digit 2 '2' lasted 200 ms, not 500 ± 120 ms");
  const late = decoded();
  late[2] = { ...late[2]!, startedAtMs: late[2]!.startedAtMs + 400 };
  const check = dtmfDigitsCheck(sent, late)!;
  expect(check.ok).toBe(false);
  expect(check.message).toContain("digit 3 '3' started 1000 ms after the one before; it was sent 600 ms after it");
});

test('no DTMF sent: no check; DTMF sent but nothing decoded: a failure', () => {
  expect(dtmfDigitsCheck([], undefined)).toBeUndefined();
  expect(dtmfDigitsCheck(sent, undefined)!.message).toContain('the edge decoded ""');
});
