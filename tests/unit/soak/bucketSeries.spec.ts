/**
 * BucketSeries keeps at most maxBuckets slots however long the series, and merging slots keeps
 * min / max / mean / count exact: every slot's statistics equal those of the raw points whose
 * times fall inside it (checked against the raw points, for random series, with fast-check).
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { BucketSeries } from '../../../harness/soak/bucketSeries.ts';
import { BucketSeriesGroup } from '../../../harness/soak/bucketSeriesGroup.ts';

/** what is wrong with the series' slots against the raw points, or '' (plain code: expect() per slot is slow) */
function mismatch(series: BucketSeries, points: { tMs: number; value: number }[], maxBuckets: number): string {
  const buckets = series.buckets();
  if (buckets.length > maxBuckets) return `${buckets.length} slots > ${maxBuckets}`;
  if (buckets.reduce((n, b) => n + b.count, 0) !== points.length) return 'counts do not add up to the points';
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (b.endMs - b.startMs !== series.bucketMs) return `slot ${i} is not ${series.bucketMs} ms wide`;
    if (i > 0 && b.startMs < buckets[i - 1]!.endMs) return `slot ${i} overlaps the one before`;
    const inside = points.filter((p) => p.tMs >= b.startMs && p.tMs < b.endMs).map((p) => p.value);
    const mean = inside.reduce((sum, v) => sum + v, 0) / inside.length;
    const tolerance = 1e-9 * Math.max(1, ...inside.map(Math.abs));
    if (b.count !== inside.length || b.min !== Math.min(...inside) || b.max !== Math.max(...inside) || !(Math.abs(b.mean - mean) <= tolerance)) {
      return `slot ${i} ${JSON.stringify(b)} vs raw count ${inside.length} min ${Math.min(...inside)} max ${Math.max(...inside)} mean ${mean}`;
    }
  }
  return '';
}

test('merged slots carry the exact statistics of the raw points inside them', () => {
  const point = fc.record({ tMs: fc.integer({ min: 0, max: 200_000 }), value: fc.double({ min: -1e6, max: 1e6, noNaN: true }) });
  let slotsSeen = 0;
  fc.assert(
    fc.property(fc.array(point, { minLength: 1, maxLength: 400, size: 'max' }), fc.constantFrom(2, 4, 8, 16, 64), fc.boolean(), (raw, maxBuckets, sorted) => {
      const points = sorted ? [...raw].sort((a, b) => a.tMs - b.tMs) : raw;
      const series = new BucketSeries({ maxBuckets, initialBucketMs: 1000, originMs: Math.min(...points.map((p) => p.tMs)) });
      for (const p of points) series.push(p.tMs, p.value);
      slotsSeen += series.buckets().length;
      const problem = mismatch(series, points, maxBuckets);
      if (problem) throw new Error(problem);
    }),
    { seed: 9, numRuns: 500 },
  );
  // the runs did exercise many slots, not a handful
  expect(slotsSeen).toBeGreaterThan(5000);
});

test('24 h of 1 s points end in at most 512 slots of 256 s, the first point and the last still in them', () => {
  const series = new BucketSeries();
  for (let s = 0; s < 86_400; s++) series.push(1_700_000_000_000 + s * 1000, s % 60);
  const buckets = series.buckets();
  // 86 400 s / 512 slots > 128 s, so the width doubled 8 times from 1 s: 256 s, 338 slots
  expect(series.bucketMs).toBe(256_000);
  expect(buckets).toHaveLength(338);
  expect(series.count).toBe(86_400);
  expect(buckets[0]).toMatchObject({ startMs: 1_700_000_000_000, count: 256, min: 0, max: 59 });
  expect(buckets.at(-1)!.endMs).toBeGreaterThan(1_700_000_000_000 + 86_399_000);
});

test('gaps and stray times: a non-finite value is a gap; a time before the origin or not finite is refused and counted, never thrown', () => {
  const series = new BucketSeries({ maxBuckets: 4 });
  expect(series.push(5000, Number.NaN)).toBe(false);
  expect(series.push(5000, 1)).toBe(true);
  expect(series.push(4000, 2)).toBe(false);
  expect(series.push(Number.NaN, 2)).toBe(false);
  expect(series.count).toBe(1);
  expect(series.rejected).toBe(2);
  expect(series.buckets()).toEqual([{ startMs: 5000, endMs: 6000, count: 1, min: 1, max: 1, mean: 1 }]);
  expect(() => new BucketSeries({ maxBuckets: 5 })).toThrow('BucketSeries: maxBuckets must be an even integer >= 2, got 5');
});

test('a group keeps one series per name, on one origin; nulls are gaps', () => {
  const group = new BucketSeriesGroup({ maxBuckets: 4, initialBucketMs: 10 });
  group.push(100, { 'a.rss_mb': 1, 'b.cpu_pct': null });
  group.push(125, { 'a.rss_mb': 3, 'b.cpu_pct': 50 });
  expect(group.names()).toEqual(['a.rss_mb', 'b.cpu_pct']);
  expect(group.buckets('a.rss_mb')).toEqual([
    { startMs: 100, endMs: 110, count: 1, min: 1, max: 1, mean: 1 },
    { startMs: 120, endMs: 130, count: 1, min: 3, max: 3, mean: 3 },
  ]);
  // b's first point came later but its slots line up with a's
  expect(group.buckets('b.cpu_pct')).toEqual([{ startMs: 120, endMs: 130, count: 1, min: 50, max: 50, mean: 50 }]);
  expect(group.buckets('missing')).toEqual([]);
  group.push(50, { 'a.rss_mb': 9 });
  expect(group.rejected()).toBe(1);
});
