/**
 * A fixed-capacity downsampler for one numeric series over time, so a soak of any length
 * keeps O(maxBuckets) memory and stays chartable from its first second to its last.
 *
 * Points fall into fixed-width time slots counted from the series' origin (the first point's
 * time unless given). When a point lands past the last slot, adjacent slot pairs (0+1, 2+3, …)
 * are merged and the slot width doubles, as often as needed. Each slot keeps count, min, max
 * and the sum, so min / max / mean stay exact under merging (the mean of a merged slot is the
 * mean of all raw points in it, not a mean of means). Pure; node or page.
 *
 * The slots are typed arrays of maxBuckets entries allocated up front (an empty slot has count
 * 0): a series' memory is the same from its first point to its last. A list of slot objects
 * grown up to maxBuckets would cost ~100 bytes per slot as it fills — for the soak monitor's
 * series, a rise through a soak's first 43 minutes (512 slots of 5 s), inside the window whose
 * memory slope the monitor judges — and the monitor's own process counts in the harness.
 */

import type { Bucket } from '../results/soakTypes.ts';

export type { Bucket };

export interface BucketSeriesOptions {
  /** most slots kept; even, >= 2; default 512 */
  maxBuckets?: number;
  /** width of a slot before any merging, ms; > 0; default 1000 */
  initialBucketMs?: number;
  /** time of slot 0's start, ms; default the first pushed point's time */
  originMs?: number;
}

export class BucketSeries {
  readonly maxBuckets: number;
  private widthMs: number;
  private origin: number | undefined;
  /** per slot (index = slot number at the current width): raw points, 0 = empty */
  private readonly counts: Float64Array;
  private readonly mins: Float64Array;
  private readonly maxs: Float64Array;
  private readonly sums: Float64Array;
  private total = 0;
  private rejectedPoints = 0;

  constructor(options: BucketSeriesOptions = {}) {
    const maxBuckets = options.maxBuckets ?? 512;
    const initial = options.initialBucketMs ?? 1000;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2 || maxBuckets % 2 !== 0) throw new RangeError(`BucketSeries: maxBuckets must be an even integer >= 2, got ${maxBuckets}`);
    if (!(initial > 0) || !Number.isFinite(initial)) throw new RangeError(`BucketSeries: initialBucketMs must be a finite number > 0, got ${initial}`);
    if (options.originMs !== undefined && !Number.isFinite(options.originMs)) throw new RangeError(`BucketSeries: originMs must be finite, got ${options.originMs}`);
    this.maxBuckets = maxBuckets;
    this.counts = new Float64Array(maxBuckets);
    this.mins = new Float64Array(maxBuckets);
    this.maxs = new Float64Array(maxBuckets);
    this.sums = new Float64Array(maxBuckets);
    this.widthMs = initial;
    this.origin = options.originMs;
  }

  /** current slot width, ms (initialBucketMs × 2^merges) */
  get bucketMs(): number {
    return this.widthMs;
  }

  /** raw points kept so far (gaps and rejected points are not counted) */
  get count(): number {
    return this.total;
  }

  /** points refused for their time: non-finite, or before the origin */
  get rejected(): number {
    return this.rejectedPoints;
  }

  /**
   * Adds one point; returns whether it was kept. A non-finite value is a gap (not kept). A
   * non-finite time or one before the origin is not kept either and is counted in `rejected`:
   * a monitor that runs for hours must not die on one stray timestamp, and the count shows it.
   */
  push(tMs: number, value: number): boolean {
    if (!Number.isFinite(value)) return false;
    if (!Number.isFinite(tMs) || (this.origin !== undefined && tMs < this.origin)) {
      this.rejectedPoints++;
      return false;
    }
    if (this.origin === undefined) this.origin = tMs;
    let index = Math.floor((tMs - this.origin) / this.widthMs);
    while (index >= this.maxBuckets) {
      this.mergePairs();
      index = Math.floor((tMs - this.origin) / this.widthMs);
    }
    this.total++;
    if (this.counts[index] === 0) {
      this.mins[index] = value;
      this.maxs[index] = value;
    } else {
      if (value < this.mins[index]!) this.mins[index] = value;
      if (value > this.maxs[index]!) this.maxs[index] = value;
    }
    this.counts[index]! += 1;
    this.sums[index]! += value;
    return true;
  }

  /** the non-empty slots, in time order (a copy) */
  buckets(): Bucket[] {
    const origin = this.origin ?? 0;
    const out: Bucket[] = [];
    for (let i = 0; i < this.maxBuckets; i++) {
      const count = this.counts[i]!;
      if (count === 0) continue;
      out.push({ startMs: origin + i * this.widthMs, endMs: origin + (i + 1) * this.widthMs, count, min: this.mins[i]!, max: this.maxs[i]!, mean: this.sums[i]! / count });
    }
    return out;
  }

  /**
   * merges slot pairs (2k, 2k+1) into slot k and doubles the width. In place: slot k is written
   * after slots 2k and 2k+1 are read, and every later pair lies above k.
   */
  private mergePairs(): void {
    const half = this.maxBuckets / 2;
    for (let k = 0; k < half; k++) {
      const a = 2 * k;
      const b = a + 1;
      const ca = this.counts[a]!;
      const cb = this.counts[b]!;
      this.counts[k] = ca + cb;
      this.sums[k] = this.sums[a]! + this.sums[b]!;
      this.mins[k] = ca === 0 ? this.mins[b]! : cb === 0 ? this.mins[a]! : Math.min(this.mins[a]!, this.mins[b]!);
      this.maxs[k] = ca === 0 ? this.maxs[b]! : cb === 0 ? this.maxs[a]! : Math.max(this.maxs[a]!, this.maxs[b]!);
    }
    this.counts.fill(0, half);
    this.sums.fill(0, half);
    this.widthMs *= 2;
  }
}
