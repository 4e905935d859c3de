/**
 * A fixed-capacity downsampler for one numeric series over time, so a soak of any length
 * keeps O(maxBuckets) memory and stays chartable from its first second to its last.
 *
 * Points fall into fixed-width time slots counted from the series' origin (the first point's
 * time unless given). When a point lands past the last slot, adjacent slot pairs (0+1, 2+3, …)
 * are merged and the slot width doubles, as often as needed. Each slot keeps count, min, max
 * and the sum, so min / max / mean stay exact under merging (the mean of a merged slot is the
 * mean of all raw points in it, not a mean of means). Only slots that received a point are
 * stored. Pure; node or page.
 */

/** one slot of the series: the statistics of every raw point that fell into it */
export interface Bucket {
  /** start of the slot (inclusive), ms on the caller's axis */
  startMs: number;
  /** end of the slot (exclusive), ms on the caller's axis; startMs + the current bucket width */
  endMs: number;
  /** raw points in the slot */
  count: number;
  /** smallest raw value, the series' unit */
  min: number;
  /** largest raw value, the series' unit */
  max: number;
  /** arithmetic mean of the raw values, the series' unit */
  mean: number;
}

export interface BucketSeriesOptions {
  /** most slots kept; even, >= 2; default 512 */
  maxBuckets?: number;
  /** width of a slot before any merging, ms; > 0; default 1000 */
  initialBucketMs?: number;
  /** time of slot 0's start, ms; default the first pushed point's time */
  originMs?: number;
}

interface Slot {
  /** slot number at the current width */
  index: number;
  count: number;
  min: number;
  max: number;
  sum: number;
}

export class BucketSeries {
  readonly maxBuckets: number;
  private widthMs: number;
  private origin: number | undefined;
  /** non-empty slots, ascending by index */
  private slots: Slot[] = [];
  private total = 0;
  private rejectedPoints = 0;

  constructor(options: BucketSeriesOptions = {}) {
    const maxBuckets = options.maxBuckets ?? 512;
    const initial = options.initialBucketMs ?? 1000;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2 || maxBuckets % 2 !== 0) throw new RangeError(`BucketSeries: maxBuckets must be an even integer >= 2, got ${maxBuckets}`);
    if (!(initial > 0) || !Number.isFinite(initial)) throw new RangeError(`BucketSeries: initialBucketMs must be a finite number > 0, got ${initial}`);
    if (options.originMs !== undefined && !Number.isFinite(options.originMs)) throw new RangeError(`BucketSeries: originMs must be finite, got ${options.originMs}`);
    this.maxBuckets = maxBuckets;
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
    // points nearly always arrive in time order: look at the last slot first
    const last = this.slots[this.slots.length - 1];
    if (last && last.index === index) {
      add(last, value);
      return true;
    }
    if (!last || last.index < index) {
      this.slots.push({ index, count: 1, min: value, max: value, sum: value });
      return true;
    }
    const at = this.slots.findIndex((s) => s.index >= index);
    const slot = this.slots[at]!;
    if (slot.index === index) add(slot, value);
    else this.slots.splice(at, 0, { index, count: 1, min: value, max: value, sum: value });
    return true;
  }

  /** the non-empty slots, in time order (a copy) */
  buckets(): Bucket[] {
    const origin = this.origin ?? 0;
    return this.slots.map((s) => ({
      startMs: origin + s.index * this.widthMs,
      endMs: origin + (s.index + 1) * this.widthMs,
      count: s.count,
      min: s.min,
      max: s.max,
      mean: s.sum / s.count,
    }));
  }

  /** merges slot pairs (2k, 2k+1) into slot k and doubles the width */
  private mergePairs(): void {
    const merged: Slot[] = [];
    for (const s of this.slots) {
      const index = Math.floor(s.index / 2);
      const last = merged[merged.length - 1];
      if (last && last.index === index) {
        last.count += s.count;
        last.sum += s.sum;
        if (s.min < last.min) last.min = s.min;
        if (s.max > last.max) last.max = s.max;
      } else merged.push({ ...s, index });
    }
    this.slots = merged;
    this.widthMs *= 2;
  }
}

function add(slot: Slot, value: number): void {
  slot.count++;
  slot.sum += value;
  if (value < slot.min) slot.min = value;
  if (value > slot.max) slot.max = value;
}
