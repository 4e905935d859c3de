/**
 * Several named BucketSeries that share their options and origin, e.g. a resource sampler's
 * `browser.cpu_pct`, `browser.rss_mb`, `harness.cpu_pct`… A series is created on its first
 * point; names carry their unit (`rss_mb`), the group does not interpret them. Pure.
 */
import { BucketSeries, type Bucket, type BucketSeriesOptions } from './bucketSeries.ts';

export class BucketSeriesGroup {
  private readonly series = new Map<string, BucketSeries>();
  private readonly options: BucketSeriesOptions;

  /** options of every series in the group (see BucketSeriesOptions; originMs defaults to the group's first point) */
  constructor(options: BucketSeriesOptions = {}) {
    this.options = { ...options };
    new BucketSeries(this.options); // validates the options once, up front
  }

  /**
   * adds one point to each named value; non-finite values and nulls are gaps (skipped); a
   * non-finite time or one before the origin is refused (see BucketSeries.rejected)
   */
  push(tMs: number, values: Readonly<Record<string, number | null | undefined>>): void {
    if (this.options.originMs === undefined && Number.isFinite(tMs)) this.options.originMs = tMs;
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'number') continue;
      let s = this.series.get(name);
      if (!s) this.series.set(name, (s = new BucketSeries(this.options)));
      s.push(tMs, value);
    }
  }

  /** names that have at least one point, in order of first appearance */
  names(): string[] {
    return [...this.series.keys()];
  }

  /** points refused for their time, over all series */
  rejected(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.rejected;
    return n;
  }

  /** one series' slots (see BucketSeries.buckets); [] for an unknown name */
  buckets(name: string): Bucket[] {
    return this.series.get(name)?.buckets() ?? [];
  }

  /** every series' slots by name */
  toJSON(): Record<string, Bucket[]> {
    return Object.fromEntries([...this.series].map(([name, s]) => [name, s.buckets()]));
  }
}
