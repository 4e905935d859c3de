/**
 * The per-interval series the report charts, derived from raw getStats samples: the numbers
 * a reader sees on each chart, the gaps where nothing can be known, and never NaN.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { deriveSeries, type SeriesName } from '../../../harness/metrics/deriveSeries.ts';
import { callTimebase } from '../../../harness/report/callTimebase.ts';
import type { AudioSample } from '../../../harness/stats/audioSample.ts';

/** Six seconds of a call, built by hand so every expected number below can be checked on paper. */
const SAMPLES: AudioSample[] = [
  // t=1: ICE still checking, nothing received or sent yet
  { t: 1, iceState: 'checking' },
  // t=2: 40 packets in, none lost; 38400 samples played with 40 ms in the jitter buffer each
  {
    t: 2,
    candidatePairRtt: 0.004,
    inbound: { ssrc: 1, packetsReceived: 40, packetsLost: 0, jitter: 0.002, jitterBufferDelay: 1536, jitterBufferEmittedCount: 38400, concealedSamples: 0, totalSamplesReceived: 38400, audioLevel: 0.3 },
    outbound: { ssrc: 9, packetsSent: 45 },
  },
  // t=3: 45 more in, 5 lost (10 %), 48000 samples at 60 ms, 4800 of them concealed; first RTCP RTT 50 ms
  {
    t: 3,
    inbound: { ssrc: 1, packetsReceived: 85, packetsLost: 5, jitter: 0.012, jitterBufferDelay: 4416, jitterBufferEmittedCount: 86400, concealedSamples: 4800, totalSamplesReceived: 86400, audioLevel: 0.1 },
    outbound: { ssrc: 9, packetsSent: 95 },
    remoteInbound: { ssrc: 9, roundTripTime: 0.05, totalRoundTripTime: 0.05, roundTripTimeMeasurements: 1 },
  },
  // t=4: nothing arrived in this second; one more RTT measurement of 70 ms
  {
    t: 4,
    inbound: { ssrc: 1, packetsReceived: 85, packetsLost: 5, jitter: 0.012, jitterBufferDelay: 4416, jitterBufferEmittedCount: 86400, concealedSamples: 4800, totalSamplesReceived: 86400 },
    remoteInbound: { ssrc: 9, roundTripTime: 0.07, totalRoundTripTime: 0.12, roundTripTimeMeasurements: 2 },
  },
  // t=5: a new SSRC (counters restarted): no interval value can be trusted
  { t: 5, inbound: { ssrc: 2, packetsReceived: 10, packetsLost: 0, jitter: 0.003, jitterBufferDelay: 10, jitterBufferEmittedCount: 200, concealedSamples: 0, totalSamplesReceived: 200 } },
  // t=6: no new RTT measurement: the latest roundTripTime (80 ms) stands in
  { t: 6, remoteInbound: { ssrc: 9, roundTripTime: 0.08, totalRoundTripTime: 0.12, roundTripTimeMeasurements: 2 } },
];

test('every chart value of a hand-computed call: jitter, loss, RTT, jitter buffer, concealment, level, packets/s', () => {
  const s = deriveSeries(SAMPLES);
  expect(s.x).toEqual([1, 2, 3, 4, 5, 6]);
  expect(s.jitter_ms).toEqual([null, 2, 12, 12, 3, null]);
  expect(s.loss_pct).toEqual([null, 0, 10, null, null, null]);
  expect(s.packets_received_per_s).toEqual([null, 40, 45, 0, null, null]);
  expect(s.packets_sent_per_s).toEqual([null, 45, 50, null, null, null]);
  expect(s.jitter_buffer_delay_ms.map((v) => (v === null ? null : Math.round(v * 1e6) / 1e6))).toEqual([null, 40, 60, null, null, null]);
  expect(s.concealment_pct).toEqual([null, 0, 10, null, null, null]);
  expect(s.rtt_ms.map((v) => (v === null ? null : Math.round(v * 1e6) / 1e6))).toEqual([null, null, 50, 70, null, 80]);
  expect(s.ice_rtt_ms).toEqual([null, 4, null, null, null, null]);
  expect(s.audio_level).toEqual([null, 0.3, 0.1, null, null, null]);
});

test('the x axis moves by the offset; samples out of order are sorted', () => {
  const shuffled = [SAMPLES[2]!, SAMPLES[0]!, SAMPLES[1]!];
  const s = deriveSeries(shuffled, 2.5);
  expect(s.x).toEqual([3.5, 4.5, 5.5]);
  expect(s.loss_pct).toEqual([null, 0, 10]);
});

test('packetsLost going down (duplicates) shows as negative loss in that interval, not as a gap', () => {
  const s = deriveSeries([
    { t: 1, inbound: { ssrc: 1, packetsReceived: 50, packetsLost: 2 } },
    { t: 2, inbound: { ssrc: 1, packetsReceived: 100, packetsLost: 0 } },
  ]);
  expect(s.loss_pct).toEqual([expect.closeTo(3.846, 2), expect.closeTo(-4.167, 2)]);
});

test('no samples, or samples without any stats, give empty or all-gap series', () => {
  const empty = deriveSeries([]);
  expect(empty.x).toEqual([]);
  const bare = deriveSeries([{ t: 1 }, { t: 2 }]);
  expect(bare.jitter_ms).toEqual([null, null]);
  expect(bare.rtt_ms).toEqual([null, null]);
  // two samples without inbound-rtp one second apart: nothing arrived, a rate of 0 packets/s
  expect(bare.packets_received_per_s).toEqual([null, 0]);
});

const SERIES: SeriesName[] = ['jitter_ms', 'loss_pct', 'rtt_ms', 'ice_rtt_ms', 'jitter_buffer_delay_ms', 'concealment_pct', 'audio_level', 'packets_received_per_s', 'packets_sent_per_s'];

test('property: whatever the samples hold (missing fields, NaN, Infinity, resets, equal times), every value is finite or null', () => {
  const value = fc.oneof(fc.constant(undefined), fc.double(), fc.integer({ min: -5, max: 100_000 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, 0));
  const sample = fc.record(
    {
      t: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(1)),
      candidatePairRtt: value,
      inbound: fc.option(
        fc.record({ ssrc: fc.constantFrom(1, 2, undefined), packetsReceived: value, packetsLost: value, jitter: value, jitterBufferDelay: value, jitterBufferEmittedCount: value, concealedSamples: value, totalSamplesReceived: value, audioLevel: value }, { requiredKeys: [] }),
        { nil: undefined },
      ),
      outbound: fc.option(fc.record({ packetsSent: value }, { requiredKeys: [] }), { nil: undefined }),
      remoteInbound: fc.option(fc.record({ ssrc: fc.constantFrom(9, undefined), roundTripTime: value, totalRoundTripTime: value, roundTripTimeMeasurements: value }, { requiredKeys: [] }), { nil: undefined }),
    },
    { requiredKeys: ['t'] },
  );
  fc.assert(
    fc.property(fc.array(sample, { maxLength: 12 }), (samples) => {
      const s = deriveSeries(samples as AudioSample[]);
      return SERIES.every((name) => s[name].length === s.x.length && s[name].every((v) => v === null || Number.isFinite(v)));
    }),
    { numRuns: 200 },
  );
});

test('time base: samples move onto the harness clock (seconds since startedAtMs) by their own timestamps', () => {
  // as in a real run: the agent's call step came 2.451 s after the harness started the call
  const startedAtMs = 1_795_524_724_031;
  const samples: AudioSample[] = [
    { t: 1.098, timestampMs: 1_795_524_727_580 },
    { t: 2.099, timestampMs: 1_795_524_728_580 },
    { t: 3.098, timestampMs: 1_795_524_729_580 },
  ];
  const base = callTimebase({ samples, startedAtMs, endedAtMs: 1_795_524_731_968 });
  expect(base.sampleOffsetS).toBe(2.451);
  expect(base.endS).toBe(7.937);
  // without startedAtMs the samples' own origin is the axis, so the end still lands in place
  expect(callTimebase({ samples, endedAtMs: 1_795_524_731_968 })).toEqual({ originMs: 1_795_524_726_482, sampleOffsetS: 0, endS: 5.486 });
  // nothing to go by: no offset, no end
  expect(callTimebase({ samples: [{ t: 1 }] })).toEqual({ originMs: undefined, sampleOffsetS: 0, endS: null });
});

test('a sample that missed its reports does not restart the counters: the next interval spans the gap', () => {
  const s = deriveSeries([
    { t: 1, inbound: { ssrc: 1, packetsReceived: 50, packetsLost: 0 }, remoteInbound: { totalRoundTripTime: 0.1, roundTripTimeMeasurements: 2 } },
    { t: 2 },
    { t: 3, inbound: { ssrc: 1, packetsReceived: 140, packetsLost: 10 }, remoteInbound: { totalRoundTripTime: 0.16, roundTripTimeMeasurements: 3 } },
  ]);
  expect(s.packets_received_per_s).toEqual([null, null, 45]);
  expect(s.loss_pct).toEqual([0, null, 10]);
  expect(s.rtt_ms.map((v) => (v === null ? null : Math.round(v * 1e6) / 1e6))).toEqual([50, null, 60]);
});
