/** The DTMF check against the relay's per payload type counts on the consumer's up leg. */
import { test, expect } from '@playwright/test';
import { dtmfOnWireCheck, toneOnWire } from '../../../harness/engine/checks/dtmfOnWireCheck.ts';
import type { SentTone } from '../../../harness/engine/checks/dtmfDigitsCheck.ts';
import type { LegGroundTruth, PayloadTypeCount } from '../../../harness/relay/core/groundTruthTypes.ts';
import { legTruth } from './support/legTruth.ts';

const T0 = 1_796_000_000_000;
/** "1#9" as Chromium reported it: a tone every 700 ms, then the end */
const sent: SentTone[] = [
  { tone: '1', atMs: T0 },
  { tone: '#', atMs: T0 + 700 },
  { tone: '9', atMs: T0 + 1400 },
  { tone: '', atMs: T0 + 2100 },
];
const telephoneEvents = [
  { payloadType: 110, clockRate: 48_000 },
  { payloadType: 126, clockRate: 8000 },
];

const leg = (role: LegGroundTruth['role'], direction: LegGroundTruth['direction'], payloadTypes: PayloadTypeCount[]): LegGroundTruth =>
  legTruth({ callId: 'c1', role, direction, ssrc: 1234, payloadTypes, payloadTypesCapped: false });
const opus: PayloadTypeCount = { payloadType: 111, offered: 250, delivered: 250, firstDeliveredMs: 2000, lastDeliveredMs: 8000 };
/** the consumer's up leg with `offered` PT 126 packets, the first at 3000 ms and the last `spanMs` later */
const upWith = (offered: number, spanMs: number, delivered = offered) => [
  leg('consumer', 'up', [opus, { payloadType: 126, offered, delivered, firstDeliveredMs: 3000, lastDeliveredMs: 3000 + spanMs }]),
  // the business's down leg carries the edge's copies: never counted
  leg('business', 'down', [opus, { payloadType: 126, offered: 99, delivered: 99, firstDeliveredMs: 3001, lastDeliveredMs: 9000 }]),
];

test('a tone puts 7 packets over 80 ms on the wire at 8 kHz, 27 over 480 ms at 48 kHz', () => {
  expect(toneOnWire(8000)).toEqual({ packets: 7, spanMs: 80 });
  expect(toneOnWire(48_000)).toEqual({ packets: 27, spanMs: 480 });
});

test('the measured count and span pass, naming the payload type, the counts and the times', () => {
  const check = dtmfOnWireCheck({ sent, telephoneEvents, legs: upWith(21, 1475) })!;
  expect(check).toEqual({
    id: 'truth.dtmf_on_wire',
    ok: true,
    severity: 'error',
    message:
      'the consumer sent 3 tone(s) "1#9"; 21 telephone-event packets (PT 126, 8000 Hz) entered the relay on consumer up, 21 left it; 21 ± 2 expected (7 a tone at 8000 Hz, 3 of them its end); first to last delivered 1475 ms apart; the tones span 1480 ms (1400 ms from the first tone\'s start to the last\'s, + 80 ms of the last on the wire) ± 150 ms',
  });
});

test('a missing end (3 packets) fails', () => {
  const check = dtmfOnWireCheck({ sent, telephoneEvents, legs: upWith(18, 1475) })!;
  expect(check.ok).toBe(false);
  expect(check.message).toContain('18 telephone-event packets (PT 126, 8000 Hz) entered the relay on consumer up, 18 left it; 21 ± 2 expected');
});

test('a span off by more than 150 ms fails, with both spans', () => {
  const check = dtmfOnWireCheck({ sent, telephoneEvents, legs: upWith(21, 1250) })!;
  expect(check.ok).toBe(false);
  expect(check.message).toContain('first to last delivered 1250 ms apart; the tones span 1480 ms');
});

test('packets the relay dropped still count as sent; none delivered fails for the span', () => {
  const check = dtmfOnWireCheck({ sent, telephoneEvents, legs: upWith(21, 0, 0).map((l) => ({ ...l, payloadTypes: l.payloadTypes!.map((c) => (c.payloadType === 126 ? { ...c, firstDeliveredMs: null, lastDeliveredMs: null } : c)) })) })!;
  expect(check.ok).toBe(false);
  expect(check.message).toContain('21 telephone-event packets (PT 126, 8000 Hz) entered the relay on consumer up, 0 left it; 21 ± 2 expected');
  expect(check.message).toContain('none was delivered, so their span is unknown');
});

test('no telephone-event packets on consumer up, or no telephone-event codec, fail with what was sent', () => {
  expect(dtmfOnWireCheck({ sent, telephoneEvents, legs: [leg('consumer', 'up', [opus])] })).toEqual({
    id: 'truth.dtmf_on_wire',
    ok: false,
    severity: 'error',
    message: 'the consumer sent 3 tone(s) "1#9"; the relay counted no telephone-event packets (PT 110 at 48000 Hz or PT 126 at 8000 Hz) on consumer up',
  });
  expect(dtmfOnWireCheck({ sent, telephoneEvents: [], legs: upWith(21, 1475) })!.message).toBe(
    'the consumer sent 3 tone(s) "1#9", but its audio sender listed no telephone-event codec, so its packets cannot be told from the audio',
  );
});

test('no DTMF sent, or no ground truth, is no check', () => {
  expect(dtmfOnWireCheck({ sent: [], telephoneEvents, legs: upWith(0, 0) })).toBeUndefined();
  expect(dtmfOnWireCheck({ sent, telephoneEvents, legs: [] })).toBeUndefined();
});
