/**
 * The edge's RTP parts, without a network: RFC 4733 decoding (DtmfDecoder) and the rewriting of
 * one forwarded stream (OutboundRtpStream), the hold-time histogram (ForwardingTimes).
 */
import { test, expect } from '@playwright/test';
import { DtmfDecoder, parseTelephoneEvent } from '../../../../harness/platform/edge/dtmfDecoder.ts';
import { ForwardingTimes } from '../../../../harness/platform/edge/forwardingTimes.ts';
import { OutboundRtpStream } from '../../../../harness/platform/edge/outboundRtpStream.ts';

/** a telephone-event payload: event, end bit, volume 10, duration in clock units */
const te = (event: number, end: boolean, duration: number) => Uint8Array.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);

test('parseTelephoneEvent reads event, end, volume and duration; rejects short and non-DTMF payloads', () => {
  expect(parseTelephoneEvent(te(11, true, 24_000))).toEqual({ event: 11, end: true, volume: 10, duration: 24_000 });
  expect(parseTelephoneEvent(Uint8Array.from([1, 2, 3]))).toBeNull();
  expect(parseTelephoneEvent(te(16, false, 0))).toBeNull();
});

test('events as Chromium sends them: growing durations, the end sent three times, one event each', () => {
  const decoder = new DtmfDecoder();
  let at = 1_000_000;
  for (const [digit, timestamp] of [[1, 48_000], [2, 76_800]] as const) {
    const start = at;
    for (let d = 960; d < 24_000; d += 960) decoder.push(te(digit, false, d), timestamp, 48_000, (at += 20));
    for (let i = 0; i < 3; i++) decoder.push(te(digit, true, 24_000), timestamp, 48_000, (at += 20));
    at = start + 600;
  }
  expect(decoder.events).toEqual([
    { digit: '1', startedAtMs: 1_000_020, durationMs: 500 },
    { digit: '2', startedAtMs: 1_000_620, durationMs: 500 },
  ]);
});

test('an event whose end was lost is closed by the next one; 8 kHz durations convert; * # A–D map', () => {
  const decoder = new DtmfDecoder();
  decoder.push(te(10, false, 800), 100, 8_000, 1);
  decoder.push(te(10, false, 1_600), 100, 8_000, 2);
  decoder.push(te(11, true, 4_000), 200, 8_000, 3);
  decoder.push(te(15, true, 400), 300, 8_000, 4);
  expect(decoder.events.map((e) => [e.digit, e.durationMs])).toEqual([['*', 200], ['#', 500], ['D', 50]]);
});

test('OutboundRtpStream keeps its own SSRC, preserves gaps within a source, continues across a new source', () => {
  const stream = new OutboundRtpStream(0xabc, 1000, 5000);
  expect(stream.rewrite({ ssrc: 7, sequenceNumber: 40, timestamp: 100 })).toEqual({ ssrc: 0xabc, sequenceNumber: 1000, timestamp: 5000 });
  expect(stream.rewrite({ ssrc: 7, sequenceNumber: 41, timestamp: 1060 })).toEqual({ ssrc: 0xabc, sequenceNumber: 1001, timestamp: 5960 });
  // a loss upstream (42 missing) stays a gap
  expect(stream.rewrite({ ssrc: 7, sequenceNumber: 43, timestamp: 2980 }).sequenceNumber).toBe(1003);
  // a late packet keeps its place and does not move the continuation point
  expect(stream.rewrite({ ssrc: 7, sequenceNumber: 42, timestamp: 2020 }).sequenceNumber).toBe(1002);
  // the sender restarts with a new SSRC and random numbers: ours go on right after 1003, 20 ms later
  expect(stream.rewrite({ ssrc: 8, sequenceNumber: 60_000, timestamp: 4_000_000_000 })).toEqual({ ssrc: 0xabc, sequenceNumber: 1004, timestamp: 2980 - 100 + 5000 + 960 });
});

test('OutboundRtpStream wraps sequence numbers and timestamps', () => {
  const stream = new OutboundRtpStream(1, 65_535, 0xffff_ff00);
  expect(stream.rewrite({ ssrc: 9, sequenceNumber: 10, timestamp: 0 })).toEqual({ ssrc: 1, sequenceNumber: 65_535, timestamp: 0xffff_ff00 });
  expect(stream.rewrite({ ssrc: 9, sequenceNumber: 11, timestamp: 960 })).toEqual({ ssrc: 1, sequenceNumber: 0, timestamp: 0xffff_ff00 + 960 - 2 ** 32 });
});

test('ForwardingTimes: quantiles as bucket upper bounds (10 µs), the max exact, overflow past 20 ms', () => {
  const times = new ForwardingTimes();
  expect(times.summary()).toEqual({ count: 0, p50Us: 0, p99Us: 0, maxUs: 0 });
  for (let i = 0; i < 98; i++) times.add(42);
  times.add(155);
  times.add(50_000);
  expect(times.summary()).toEqual({ count: 100, p50Us: 50, p99Us: 160, maxUs: 50_000 });
});
