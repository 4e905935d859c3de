/**
 * Reading a soak series' buckets from results.json as the renderers need them: only
 * well-formed buckets (finite numbers, end not before start), in time order; and the peak, last and
 * mean value a summary quotes. Pure: a malformed entry is skipped, never a crash.
 */
import type { Bucket } from '../results/soakTypes.ts';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** the well-formed buckets of a series, sorted by start; [] for anything that is not an array */
export function validBuckets(value: unknown): Bucket[] {
  if (!Array.isArray(value)) return [];
  const buckets = value.filter(
    (b): b is Bucket =>
      b !== null && typeof b === 'object' && finite(b.startMs) && finite(b.endMs) && b.endMs >= b.startMs && finite(b.min) && finite(b.max) && finite(b.mean) && (b.count === undefined || finite(b.count)),
  );
  return [...buckets].sort((a, b) => a.startMs - b.startMs);
}

export interface SeriesSummary {
  /** the largest raw value of the whole series (max over the buckets' max), the series' unit */
  peak: number;
  /** the mean of the last bucket: the series' level at the end of the run, the series' unit */
  last: number;
  /** the mean of every raw value (bucket means weighted by their counts), the series' unit */
  mean: number;
  /** the widest bucket, ms: how much time one charted point stands for */
  bucketMs: number;
}

/** null when the series has no bucket */
export function summarizeSeries(value: unknown): SeriesSummary | null {
  const buckets = validBuckets(value);
  const final = buckets.at(-1);
  if (!final) return null;
  let sum = 0;
  let n = 0;
  for (const b of buckets) {
    // count is the number of raw points; an entry without one counts once
    const w = b.count > 0 ? b.count : 1;
    sum += b.mean * w;
    n += w;
  }
  return { peak: Math.max(...buckets.map((b) => b.max)), last: final.mean, mean: sum / n, bucketMs: Math.max(...buckets.map((b) => b.endMs - b.startMs)) };
}
