/**
 * The impairment pipeline of one leg direction, on a manual clock: determinism by stream
 * position, loss models against their statistics, rate limiting and queue drops, delay and
 * jitter shapes, ordering, blackouts, schedules, duplication and reordering.
 */
import { test, expect } from '@playwright/test';
import { burstLengths, mean, PipelineRig, rtpPacket, stddev } from './support/pipelineHarness.ts';

/** half-width of a 99.99 % normal interval for a binomial count (z ≈ 3.9) */
const binomialSlack = (n: number, p: number) => 3.9 * Math.sqrt(n * p * (1 - p));

test('the same seed drops the same stream positions; another seed drops others', () => {
  const run = (seed: number) => {
    const rig = new PipelineRig({ loss: 0.1 }, seed);
    rig.stream(0xaaaa, 2000, { firstSeq: 100 });
    return rig.truth(0xaaaa).droppedPositions;
  };
  const first = run(1);
  expect(first.length).toBeGreaterThan(100);
  expect(run(1)).toEqual(first);
  expect(run(2)).not.toEqual(first);
});

test('decisions follow each stream position, whatever the sequence numbers and the interleaving', () => {
  // run 1: A and B alternate, A starts near the 16-bit wrap
  const one = new PipelineRig({ loss: 0.2 }, 99);
  for (let i = 0; i < 1500; i++) {
    one.offer(rtpPacket(0x1111, 65_000 + i), i * 10);
    one.offer(rtpPacket(0x2222, 7 + i), i * 10 + 1);
  }
  // run 2: new random-looking SSRCs and sequence starts, B sent in bursts of three between A's packets
  const two = new PipelineRig({ loss: 0.2 }, 99);
  let t = 0;
  let b = 0;
  for (let i = 0; i < 1500; i++) {
    two.offer(rtpPacket(0x3333, 40_000 + i), (t += 1));
    for (let k = 0; k < 3 && b < 1500; k++, b++) two.offer(rtpPacket(0x4444, 123 + b), (t += 1));
  }
  expect(two.truth(0x3333).droppedPositions).toEqual(one.truth(0x1111).droppedPositions);
  expect(two.truth(0x4444).droppedPositions).toEqual(one.truth(0x2222).droppedPositions);
  expect(one.truth(0x1111).droppedPositions).not.toEqual(one.truth(0x2222).droppedPositions);
});

test('random loss lands within a binomial interval of the configured rate', () => {
  for (const p of [0.05, 0.2, 0.5]) {
    const rig = new PipelineRig({ loss: p }, 7);
    rig.stream(1, 20_000, { intervalMs: 1 });
    const truth = rig.truth(1);
    expect(Math.abs(truth.dropped.loss - 20_000 * p)).toBeLessThan(binomialSlack(20_000, p));
    expect(truth.delivered + truth.dropped.loss).toBe(20_000);
  }
});

test('Gilbert-Elliott loss has mean burst 1/r and rate p/(p+r) with h = 0, k = 1', () => {
  const rig = new PipelineRig({ loss: { model: 'gilbertElliott', p: 0.05, r: 0.25 } }, 11);
  rig.stream(1, 40_000, { intervalMs: 1 });
  const truth = rig.truth(1);
  const rate = truth.dropped.loss / 40_000;
  expect(rate).toBeGreaterThan(0.1667 * 0.85);
  expect(rate).toBeLessThan(0.1667 * 1.15);
  expect(mean(burstLengths(truth.droppedPositions))).toBeGreaterThan(4 * 0.9);
  expect(mean(burstLengths(truth.droppedPositions))).toBeLessThan(4 * 1.1);
});

test('burst loss (rate + mean burst length) keeps both numbers', () => {
  const rig = new PipelineRig({ loss: { model: 'burst', lossRate: 0.1, meanBurstPackets: 3 } }, 12);
  rig.stream(1, 60_000, { intervalMs: 1 });
  const truth = rig.truth(1);
  expect(truth.dropped.loss / 60_000).toBeGreaterThan(0.085);
  expect(truth.dropped.loss / 60_000).toBeLessThan(0.115);
  const bursts = mean(burstLengths(truth.droppedPositions));
  expect(bursts).toBeGreaterThan(2.7);
  expect(bursts).toBeLessThan(3.3);
});

test('a rate limit serialises packets and the full queue tail-drops', () => {
  // 100 kbit/s and 125-byte payloads: 10 ms per packet; 100 packets at once, queue of 10
  const rig = new PipelineRig({ rateKbps: 100, queuePackets: 10 });
  for (let i = 0; i < 100; i++) rig.offer(rtpPacket(5, i, 0, 113), 0);
  rig.finish();
  const truth = rig.truth(5);
  expect(truth.dropped.queue).toBe(90);
  expect(truth.delivered).toBe(10);
  expect(rig.deliveries.map((d) => Math.round(d.tMs))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  expect(truth.droppedPositions).toEqual(Array.from({ length: 90 }, (_, i) => i + 10));
});

test('below capacity nothing is dropped and each packet waits only its serialisation time', () => {
  const rig = new PipelineRig({ rateKbps: 100, packetOverheadBytes: 28 });
  rig.stream(6, 500, { intervalMs: 20, payloadBytes: 85 }); // 97 + 28 = 125 bytes = 10 ms at 100 kbit/s
  rig.finish();
  expect(rig.truth(6).dropped).toEqual({ loss: 0, queue: 0, blackout: 0 });
  expect(new Set(rig.deliveries.map((d) => Math.round((d.tMs - d.sentMs) * 1000) / 1000))).toEqual(new Set([10]));
});

test('delay and jitter: mean and spread match each distribution', () => {
  const delays = (jitterDistribution: 'normal' | 'uniform' | 'pareto') => {
    const rig = new PipelineRig({ delayMs: 50, jitterMs: 10, jitterDistribution, allowReorder: true }, 21);
    rig.stream(1, 20_000, { intervalMs: 1 });
    rig.finish();
    return rig.deliveries.map((d) => d.tMs - d.sentMs);
  };
  const normal = delays('normal');
  expect(mean(normal)).toBeGreaterThan(49.5);
  expect(mean(normal)).toBeLessThan(50.5);
  expect(stddev(normal)).toBeGreaterThan(9.5);
  expect(stddev(normal)).toBeLessThan(10.5);

  const uniform = delays('uniform');
  expect(Math.min(...uniform)).toBeGreaterThanOrEqual(40);
  expect(Math.max(...uniform)).toBeLessThanOrEqual(60);
  expect(stddev(uniform)).toBeGreaterThan(5.5);
  expect(stddev(uniform)).toBeLessThan(6.05); // 10/√3 ≈ 5.77

  const pareto = delays('pareto');
  expect(mean(pareto)).toBeGreaterThan(49);
  expect(mean(pareto)).toBeLessThan(51);
  // a long right tail: the farthest late packet is much farther from the mean than the earliest one
  expect(Math.max(...pareto) - 50).toBeGreaterThan(3 * (50 - Math.min(...pareto)));
});

test('without allowReorder jitter never reorders; with it, reorders happen and are counted', () => {
  const strict = new PipelineRig({ delayMs: 50, jitterMs: 20 }, 3);
  strict.stream(1, 3000, { intervalMs: 2 });
  strict.finish();
  const seqs = strict.deliveries.map((d) => d.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(strict.truth(1).reordered).toBe(0);

  const loose = new PipelineRig({ delayMs: 50, jitterMs: 20, allowReorder: true }, 3);
  loose.stream(1, 3000, { intervalMs: 2 });
  loose.finish();
  let observed = 0;
  let highest = -1;
  for (const d of loose.deliveries) {
    if (d.seq < highest) observed++;
    else highest = d.seq;
  }
  expect(observed).toBeGreaterThan(100);
  expect(loose.truth(1).reordered).toBe(observed);
});

test('a drop blackout loses exactly its window; a hold blackout releases the window in order at its end', () => {
  const drop = new PipelineRig({ blackouts: [{ atMs: 1000, durationMs: 500, mode: 'drop' }] });
  drop.stream(1, 100, { intervalMs: 20, startMs: 0 });
  drop.finish();
  const truth = drop.truth(1);
  expect(truth.dropped.blackout).toBe(25); // sent at 1000, 1020, ..., 1480
  expect(truth.droppedPositions).toEqual(Array.from({ length: 25 }, (_, i) => 50 + i));

  const hold = new PipelineRig({ blackouts: [{ atMs: 1000, durationMs: 500, mode: 'hold' }] });
  hold.stream(1, 100, { intervalMs: 20, startMs: 0 });
  hold.finish();
  expect(hold.truth(1).delivered).toBe(100);
  const held = hold.deliveries.filter((d) => d.sentMs >= 1000 && d.sentMs < 1500);
  expect(held).toHaveLength(25);
  expect(new Set(held.map((d) => d.tMs))).toEqual(new Set([1500]));
  expect(hold.deliveries.map((d) => d.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
});

test('a schedule changes the impairment at the given times', () => {
  const rig = new PipelineRig({
    schedule: [
      { atMs: 1000, loss: 1 },
      { atMs: 2000, loss: 0, delayMs: 100 },
    ],
  });
  rig.stream(1, 150, { intervalMs: 20, startMs: 0 });
  rig.finish();
  const bySend = new Map(rig.deliveries.map((d) => [d.sentMs, d.tMs - d.sentMs]));
  for (let t = 0; t < 3000; t += 20) {
    if (t < 1000) expect(bySend.get(t), `sent at ${t}`).toBe(0);
    else if (t < 2000) expect(bySend.has(t), `sent at ${t}`).toBe(false);
    else expect(bySend.get(t), `sent at ${t}`).toBe(100);
  }
  const series = rig.truth(1).series;
  expect(series.map((s) => s.dropped)).toEqual([0, 50, 0, 0]); // the last packets arrive after 3 s (100 ms delay)
  expect(series.map((s) => s.delivered)).toEqual([50, 0, 45, 5]);
});

test('duplication adds copies that are counted, and reorder sends some packets ahead of the delay', () => {
  const dup = new PipelineRig({ duplicate: 0.1 }, 5);
  dup.stream(1, 10_000, { intervalMs: 1 });
  const truth = dup.truth(1);
  expect(Math.abs(truth.duplicated - 1000)).toBeLessThan(binomialSlack(10_000, 0.1));
  expect(truth.delivered).toBe(10_000 + truth.duplicated);
  expect(dup.deliveries).toHaveLength(truth.delivered);

  const reorder = new PipelineRig({ delayMs: 30, reorder: 0.1 }, 5);
  reorder.stream(1, 5000, { intervalMs: 5 });
  reorder.finish();
  const early = reorder.deliveries.filter((d) => d.tMs === d.sentMs).length;
  expect(Math.abs(early - 500)).toBeLessThan(binomialSlack(5000, 0.1));
  expect(reorder.truth(1).reordered).toBeGreaterThan(0.8 * early);
});

test('ground truth adds up and its per-second series sums to the totals', () => {
  const rig = new PipelineRig({ loss: 0.1, delayMs: 40, jitterMs: 5, duplicate: 0.05 }, 8);
  rig.stream(1, 3000, { intervalMs: 2 });
  const midway = rig.truth(1);
  expect(midway.inFlight).toBeGreaterThan(0);
  rig.finish();
  const t = rig.truth(1);
  const dropped = t.dropped.loss + t.dropped.queue + t.dropped.blackout;
  expect(t.delivered).toBe(t.offered - dropped + t.duplicated - t.inFlight);
  expect(t.inFlight).toBe(0);
  expect(t.series.reduce((a, s) => a + s.offered, 0)).toBe(t.offered);
  expect(t.series.reduce((a, s) => a + s.delivered, 0)).toBe(t.delivered);
  expect(t.series.reduce((a, s) => a + s.dropped, 0)).toBe(dropped);
  expect(t.series.map((s) => s.tMs)).toEqual(t.series.map((_, i) => i * 1000));
});

test('control messages are dropped only when impairControl is set', () => {
  const plain = new PipelineRig({ loss: 0.5 });
  const controlled = new PipelineRig({ loss: 0.5, impairControl: true, blackouts: [{ atMs: 1000, durationMs: 1000 }] });
  let droppedPlain = 0;
  let droppedLossy = 0;
  for (let i = 0; i < 1000; i++) {
    if (plain.pipeline.shouldDropControl(i)) droppedPlain++;
    if (controlled.pipeline.shouldDropControl(i)) droppedLossy++;
  }
  expect(droppedPlain).toBe(0);
  expect(Math.abs(droppedLossy - 500)).toBeLessThan(binomialSlack(1000, 0.5));
  expect(controlled.pipeline.shouldDropControl(1500)).toBe(true);
});
