/**
 * The streaming soak checks on synthetic samples, one scenario per verdict: a counter reset
 * fails with the exact message while an SSRC change does not; a 6 s freeze is found with its
 * interval and a 4 s one is not; +0.5 MB/h passes and +3 MB/h fails; a minute at half rate fails.
 */
import { test, expect } from '@playwright/test';
import { mulberry32 } from '../../../harness/random/mulberry32.ts';
import { CountersMonotonicCheck } from '../../../harness/soak/checks/countersMonotonic.ts';
import { inboundDelivered, inboundLeg } from '../../../harness/soak/checks/inboundDelivered.ts';
import { MemorySlopeCheck } from '../../../harness/soak/checks/memorySlope.ts';
import { NoFreezeCheck } from '../../../harness/soak/checks/noFreeze.ts';
import { PacketRateSteadyCheck } from '../../../harness/soak/checks/packetRateSteady.ts';
import { PeerSoakChecks } from '../../../harness/soak/soakChecks.ts';
import type { LegGroundTruth } from '../../../harness/relay/core/groundTruthTypes.ts';
import type { AudioSample } from '../../../harness/stats/audioSample.ts';

/** one sample per second, `received(t)` packets so far; ssrc 1111 unless `ssrc(t)` says otherwise */
function samples(seconds: number, received: (t: number) => number, ssrc: (t: number) => number = () => 1111): AudioSample[] {
  return Array.from({ length: seconds + 1 }, (_, t) => ({
    t,
    inbound: { ssrc: ssrc(t), packetsReceived: received(t), bytesReceived: received(t) * 80, packetsLost: 5 - (t % 3) },
    outbound: { ssrc: 2222, packetsSent: 50 * t },
    remoteInbound: { ssrc: 2222, totalRoundTripTime: 0.02 * t, roundTripTimeMeasurements: t },
  }));
}

test('counters_monotonic: a reset of packetsReceived fails with the counter, peer, time and values', () => {
  const check = new CountersMonotonicCheck({ peer: 'business' });
  check.observe({ t: 3600.2, inbound: { ssrc: 7, packetsReceived: 51234 } });
  check.observe({ t: 3601.2, inbound: { ssrc: 7, packetsReceived: 12 } });
  check.observe({ t: 3602.2, inbound: { ssrc: 7, packetsReceived: 62 } });
  expect(check.result()).toEqual({ id: 'soak.counters_monotonic', ok: false, severity: 'error', message: 'business inbound packetsReceived fell from 51234 to 12 at t=3601.2 s' });
});

test('counters_monotonic: an SSRC change restarts the counters, packetsLost may fall, a missing report is skipped', () => {
  const check = new CountersMonotonicCheck({ peer: 'consumer' });
  // the stream is replaced at t=30 (new SSRC, counters from 0); packetsLost wobbles with duplicates
  for (const s of samples(60, (t) => (t < 30 ? 50 * t : 50 * (t - 30)), (t) => (t < 30 ? 1111 : 3333))) check.observe(s);
  check.observe({ t: 61 }); // a missed read: no reports at all
  check.observe({ t: 62, inbound: { ssrc: 3333, packetsReceived: 50 * 32 } });
  const result = check.result();
  expect(result.ok).toBe(true);
  expect(result.message).toBe('consumer: cumulative counters never decreased over 63 samples; 1 SSRC change(s) restarted the counters (packetsLost is exempt: it falls when duplicates arrive)');
  // the same fall without the SSRC change fails, once per counter that fell
  const same = new CountersMonotonicCheck({ peer: 'consumer' });
  for (const s of samples(60, (t) => (t < 30 ? 50 * t : 50 * (t - 30)))) same.observe(s);
  expect(same.result().message).toBe('consumer inbound packetsReceived fell from 1450 to 0 at t=30.0 s; consumer inbound bytesReceived fell from 116000 to 0 at t=30.0 s');
});

/** samples whose packetsReceived stands still from `from` for `seconds`, 50/s otherwise */
function frozen(from: number, seconds: number, total = 30): AudioSample[] {
  return samples(total, (t) => 50 * (t <= from ? t : t < from + seconds + 1 ? from : t - seconds));
}
const relay = (total = 30, delivered = 50) => Array.from({ length: total }, (_, s) => ({ tMs: s * 1000, delivered }));

test('no_freeze: 6 s without growth while the relay delivered is a freeze, with its start and length; 4 s is not', () => {
  const six = new NoFreezeCheck({ peer: 'business' });
  for (const s of frozen(10, 6)) six.observeSample(s);
  for (const p of relay()) six.observeDelivered(p);
  expect(six.result()).toEqual({
    id: 'soak.no_freeze',
    ok: false,
    severity: 'error',
    message:
      'business: 1 freeze(s), 6.0 s in all — packetsReceived did not grow for >= 5.0 s while the relay delivered >= 10 packets to it: at t=10.0 s for 6.0 s (relay delivered 300 packets)',
  });
  const four = new NoFreezeCheck({ peer: 'business' });
  for (const s of frozen(10, 4)) four.observeSample(s);
  for (const p of relay()) four.observeDelivered(p);
  expect(four.result()).toMatchObject({ ok: true, message: 'business: no freeze: packetsReceived never stood still for >= 5.0 s while the relay delivered >= 10 packets to it' });
});

test('no_freeze: the same verdict whatever order the relay seconds and the samples arrive in; a blackout is no freeze', () => {
  const verdict = (interleave: 'relay-first' | 'samples-first' | 'mixed', delivered = 50) => {
    const check = new NoFreezeCheck({ peer: 'consumer', relayOriginMs: -2000 });
    const s = frozen(10, 8);
    // the relay series starts 2 s before the call (credentials come first): relay tMs 2000 = call t 0
    const r = relay(32, delivered);
    if (interleave === 'relay-first') [...r].forEach((p) => check.observeDelivered(p));
    if (interleave !== 'mixed') s.forEach((x) => check.observeSample(x));
    if (interleave === 'samples-first') r.forEach((p) => check.observeDelivered(p));
    if (interleave === 'mixed') {
      // the relay is polled every 5 s, so it lags the samples by up to 5 s
      for (let t = 0; t <= 30; t++) {
        check.observeSample(s[t]!);
        if (t % 5 === 0) r.filter((p) => p.tMs >= (t - 5) * 1000 + 2000 && p.tMs < t * 1000 + 2000).forEach((p) => check.observeDelivered(p));
      }
      r.filter((p) => p.tMs >= 27_000).forEach((p) => check.observeDelivered(p));
    }
    return check.result();
  };
  const expected = 'consumer: 1 freeze(s), 8.0 s in all — packetsReceived did not grow for >= 5.0 s while the relay delivered >= 10 packets to it: at t=10.0 s for 8.0 s (relay delivered 400 packets)';
  expect(verdict('relay-first').message).toBe(expected);
  expect(verdict('samples-first').message).toBe(expected);
  expect(verdict('mixed').message).toBe(expected);
  // nothing delivered while the counter stood still (a relay blackout): the receiver is fine
  expect(verdict('samples-first', 0).ok).toBe(true);
});

test('inboundDelivered: the receiver\'s down leg by default (or the sender\'s up), RTP of the inbound SSRC only, per second', () => {
  const leg = (role: 'consumer' | 'business', direction: 'up' | 'down', ssrc: number | null, kind: 'rtp' | 'rtcp', delivered: number[]) =>
    ({ role, direction, ssrc, kind, series: delivered.map((d, s) => ({ tMs: s * 1000, offered: d, delivered: d, dropped: 0 })) }) as unknown as LegGroundTruth;
  const legs = [leg('business', 'down', 5, 'rtp', [50, 49]), leg('business', 'down', 6, 'rtp', [1, 1]), leg('business', 'down', 5, 'rtcp', [2, 2]), leg('consumer', 'up', 5, 'rtp', [50, 50])];
  expect(inboundLeg('business')).toEqual({ role: 'business', direction: 'down' });
  expect(inboundDelivered(legs, 'business', { ssrc: 5 })).toEqual([
    { tMs: 0, delivered: 50 },
    { tMs: 1000, delivered: 49 },
  ]);
  expect(inboundDelivered(legs, 'business')).toEqual([
    { tMs: 0, delivered: 51 },
    { tMs: 1000, delivered: 50 },
  ]);
  expect(inboundDelivered(legs, 'business', { via: 'sender-up', ssrc: 5 })).toEqual([
    { tMs: 0, delivered: 50 },
    { tMs: 1000, delivered: 50 },
  ]);
});

/** rss readings every 5 s for `hours`, growing `mbPerHour`, seeded noise of ±0.3 MB, a 40 MB jump in the warm-up */
function memoryRun(mbPerHour: number, hours = 1): MemorySlopeCheck {
  const check = new MemorySlopeCheck({ subject: 'harness' });
  const noise = mulberry32(42);
  for (let tMs = 0; tMs <= hours * 3_600_000; tMs += 5000) {
    const warmup = tMs < 120_000 ? (tMs / 120_000) * 40 : 40;
    check.observe(1_700_000_000_000 + tMs, 120 + warmup + (mbPerHour * tMs) / 3_600_000 + (noise() - 0.5) * 0.6);
  }
  return check;
}

test('memory_slope: +0.5 MB/h passes, +3 MB/h fails, the warm-up jump is left out, too little data is no verdict', () => {
  const slow = memoryRun(0.5).result();
  expect(slow.ok).toBe(true);
  expect(slow.message).toMatch(/^harness RSS slope \+0\.(4|5|6)\d MB\/h is under the limit of 1 MB\/h \(least squares over 661 readings in 55 min after a 5 min warm-up; r² 0\.\d\d\)$/);
  const fast = memoryRun(3).result();
  expect(fast.ok).toBe(false);
  expect(fast.message).toMatch(/^harness RSS slope \+(2\.9|3\.0)\d MB\/h exceeds the limit of 1 MB\/h/);
  // a day of readings is fitted to a bounded number of group means, with the same answer
  const day = memoryRun(3, 24).result();
  expect(day.message).toMatch(/^harness RSS slope \+(2\.9|3\.0)\d MB\/h exceeds .* over 17221 readings in 1435 min after a 5 min warm-up, fitted to \d+ means of 32 readings;/);
  // the detail (the slope of each process) follows a verdict, never a "no verdict"
  expect(memoryRun(3).result('; by process: runner +3.00 MB/h').message).toMatch(/; r² 0\.\d\d\); by process: runner \+3\.00 MB\/h$/);
  expect(memoryRun(3).slopeMbPerHour()).toBeCloseTo(3, 0);
  const short = new MemorySlopeCheck({ subject: 'browser', maxSlopeMbPerHour: 5 });
  for (let tMs = 0; tMs <= 8 * 60_000; tMs += 60_000) short.observe(tMs, 100 + tMs / 1000);
  expect(short.result()).toEqual({
    id: 'soak.memory_slope',
    ok: true,
    noVerdict: true,
    severity: 'error',
    message: 'browser RSS: 4 reading(s) over 3 min after a 5 min warm-up; a slope needs >= 10 readings over >= 10 min (no verdict)',
  });
  expect(short.slopeMbPerHour()).toBeUndefined();
  expect(short.result('; by process: …').message).toMatch(/\(no verdict\)$/);
});

/** 1 s samples for `minutes`, 50 packets/s, except `rate(minute)` */
function rateRun(minutes: number, rate: (minute: number) => number): PacketRateSteadyCheck {
  const check = new PacketRateSteadyCheck({ peer: 'business' });
  let count = 0;
  check.observe({ t: 5 }); // before the first packet: no inbound-rtp yet
  for (let s = 0; s <= minutes * 60; s++) {
    if (s > 0) count += rate(Math.floor((s - 1) / 60));
    check.observe({ t: 10 + s, inbound: { ssrc: 1, packetsReceived: count } });
  }
  return check;
}

test('packet_rate_steady: a minute at half the rate fails and is named; set-up in the first minute does not count', () => {
  const dip = rateRun(10, (m) => (m === 6 ? 25 : 50)).result();
  expect(dip).toEqual({
    id: 'soak.packet_rate_steady',
    ok: false,
    severity: 'error',
    message: 'business: minute 6 (t=370–430 s) received 25.0 packets/s, 50 % of the median minute (50.0 packets/s); the floor is 80 % (1 of 9 minutes below it)',
  });
  const steady = rateRun(10, (m) => (m === 0 ? 10 : m === 3 ? 45 : 50)).result();
  expect(steady.ok).toBe(true);
  expect(steady.message).toBe('business: packet rate steady over 9 minutes; slowest: minute 3 (t=190–250 s) received 45.0 packets/s, 90 % of the median minute (50.0 packets/s); the floor is 80 %');
  expect(rateRun(1, () => 50).result()).toEqual({
    id: 'soak.packet_rate_steady',
    ok: true,
    noVerdict: true,
    severity: 'error',
    message: 'business: 0 full minute(s) after the first; at least 2 are needed to judge the packet rate (no verdict)',
  });
  expect(steady.noVerdict).toBeUndefined();
});

test('PeerSoakChecks runs the three per-peer checks on one stream', () => {
  const peer = new PeerSoakChecks({ peer: 'business', freeze: { freezeMs: 3000 } });
  for (const s of frozen(10, 4, 200)) peer.observeSample(s);
  for (const p of relay(200)) peer.observeDelivered(p);
  const results = peer.results();
  expect(results.map((r) => [r.id, r.ok])).toEqual([
    ['soak.counters_monotonic', true],
    ['soak.no_freeze', false],
    ['soak.packet_rate_steady', true],
  ]);
});
