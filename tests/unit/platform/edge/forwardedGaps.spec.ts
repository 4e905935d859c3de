/**
 * The edge's record of the holes in a stream it writes (ForwardedGaps, through OutboundRtpStream):
 * positions in the relay's down-leg coordinates, across a sequence wrap, late packets, duplicates,
 * the edge's own drops, and the cap.
 */
import { test, expect } from '@playwright/test';
import { ForwardedGaps, GAP_POSITIONS_CAP } from '../../../../harness/platform/edge/forwardedGaps.ts';
import { OutboundRtpStream } from '../../../../harness/platform/edge/outboundRtpStream.ts';

test('holes are positions from the first packet written, across the sequence wrap', () => {
  const gaps = new ForwardedGaps();
  for (const seq of [65_533, 65_534, /* 65_535 missing */ 0, 1, /* 2, 3 missing */ 4]) gaps.written(seq);
  expect(gaps.upstreamGapPositions).toEqual([2, 5, 6]);
  expect(gaps.openHoles).toBe(3);
  expect(gaps.duplicates).toBe(0);
});

test('trailing losses are no hole until a later packet arrives (no receiver counts them either)', () => {
  const gaps = new ForwardedGaps();
  gaps.written(10);
  gaps.written(11);
  expect(gaps.upstreamGapPositions).toEqual([]);
  gaps.written(14);
  expect(gaps.upstreamGapPositions).toEqual([2, 3]);
});

test('a late packet fills its hole; a packet written twice is a duplicate; one older than the first is neither', () => {
  const gaps = new ForwardedGaps();
  for (const seq of [100, 102, 103, 101, 103, 99]) gaps.written(seq);
  expect(gaps.upstreamGapPositions).toEqual([]);
  expect(gaps.openHoles).toBe(0);
  expect(gaps.duplicates).toBe(1);
});

test("the edge's own drops are not upstream gaps, before or after the highest position", () => {
  const gaps = new ForwardedGaps();
  gaps.notWritten(5); // before the first packet written: before position 0
  gaps.written(10);
  gaps.notWritten(12); // ahead: 11 is a hole, 12 the edge's
  gaps.written(14); // 13 a hole
  gaps.notWritten(11); // 11 arrives late and is dropped by the edge: no longer upstream's
  expect(gaps.upstreamGapPositions).toEqual([3]);
  expect(gaps.notForwardedPositions).toEqual([1, 2]);
  expect(gaps.openHoles).toBe(1);
});

test('the lists stop at their cap and say so; the count of open holes goes on', () => {
  const gaps = new ForwardedGaps();
  gaps.written(0);
  // jumps of 30,000 (forward: under half the sequence space), wrapping past 65,535:
  // 4 × 29,999 holes, past the 100,000 cap
  for (const seq of [30_000, 60_000, 90_000, 120_000]) gaps.written(seq & 0xffff);
  expect(gaps.capped).toBe(true);
  expect(gaps.upstreamGapPositions.length).toBe(GAP_POSITIONS_CAP);
  expect(gaps.openHoles).toBe(4 * 29_999);
  // 3 × 29,999 holes up to 89,999, then 10,003 from 90,001 fill the list
  expect(gaps.upstreamGapPositions.at(-1)).toBe(100_003);
});

test('a jump of more than half the sequence space reads as an older packet, as the relay reads it', () => {
  const gaps = new ForwardedGaps();
  gaps.written(0);
  gaps.written(40_000);
  expect(gaps.upstreamGapPositions).toEqual([]);
  expect(gaps.duplicates).toBe(0);
});

test('OutboundRtpStream: a loss upstream is a hole at its output position; a dropped packet of the current source is the edge\'s', () => {
  const stream = new OutboundRtpStream(0xabc, 65_534, 0);
  const send = (seq: number) => {
    const out = stream.rewrite({ ssrc: 7, sequenceNumber: seq, timestamp: seq * 960 });
    stream.sent(out.sequenceNumber, true);
  };
  send(500); // output 65534: position 0
  send(501); // 65535
  // 502 lost upstream
  stream.skipped({ ssrc: 7, sequenceNumber: 503, timestamp: 0 }); // e.g. a telephone-event the business did not agree to
  send(504); // output 2 after the wrap: position 4
  // a sender restart continues right after the last packet written: no hole
  const restarted = stream.rewrite({ ssrc: 8, sequenceNumber: 9, timestamp: 0 });
  stream.sent(restarted.sequenceNumber, true);
  stream.skipped({ ssrc: 7, sequenceNumber: 505, timestamp: 0 }); // the old source has no place any more
  expect(stream.gaps.upstreamGapPositions).toEqual([2]);
  expect(stream.gaps.notForwardedPositions).toEqual([3]);
  expect(stream.fromSsrcs).toEqual([7, 8]);
  expect(stream.written).toBe(4);
});
