/**
 * What the page script needs to draw a soak's resource charts: per chart one time axis (the
 * middle of every bucket of its lines, seconds since the Unix epoch — uPlot's time unit) and,
 * per line, the bucket mean, min and max at each x. Embedded in the report as JSON. Pure.
 *
 * Lines of one chart may have different buckets (a series that stopped early merged fewer
 * times, so its buckets are narrower): at an x of another line, a line takes the bucket that
 * covers that instant, and null where none does. Where a line has no bucket for a while (no
 * reading: a sampler hiccup, or no submission for the latency) an x at the end of its last
 * bucket before the gap carries null, so the line breaks instead of bridging the gap.
 */
import type { SoakResults, SoakSeriesName } from '../results/soakTypes.ts';
import type { Bucket } from '../results/soakTypes.ts';
import { SOAK_CHARTS, type SoakChartDefinition } from './soakChartDefinitions.ts';
import { validBuckets } from './soakBuckets.ts';

export interface SoakLineData {
  series: SoakSeriesName;
  /** bucket mean at each x, the series' unit; null where the series has no bucket */
  mean: (number | null)[];
  /** bucket minimum at each x; null likewise */
  min: (number | null)[];
  /** bucket maximum at each x; null likewise */
  max: (number | null)[];
}

export interface SoakChartData {
  /** the SoakChartDefinition's id */
  id: string;
  /** middle of each bucket, s since the Unix epoch, ascending (union over the chart's lines) */
  x: number[];
  /** the x range shown, s since the Unix epoch: first bucket's start to last bucket's end */
  range: [number, number];
  /** the lines with data, in definition order */
  lines: SoakLineData[];
  /** series of the definition that have no bucket (not recorded by this run) */
  missing: SoakSeriesName[];
}

export interface SoakReportData {
  /** only charts with at least one line with data */
  charts: SoakChartData[];
  /** charts with no data at all, by id */
  empty: string[];
}

/** 3 decimals: enough for every unit here (%, MB, ms, /s, counts), and keeps the page small. */
const round = (v: number) => Math.round(v * 1000) / 1000;
const middle = (b: Bucket) => (b.startMs + b.endMs) / 2;

/** The values of `buckets` (sorted, non-overlapping) at each instant of `xMs` (ascending). */
function sample(buckets: Bucket[], xMs: number[]): Omit<SoakLineData, 'series'> {
  const out: Omit<SoakLineData, 'series'> = { mean: [], min: [], max: [] };
  let j = 0;
  for (const t of xMs) {
    while (j < buckets.length && buckets[j]!.endMs <= t && buckets[j]!.startMs !== t) j++;
    const b = buckets[j];
    const covers = b !== undefined && b.startMs <= t && (t < b.endMs || t === b.startMs);
    out.mean.push(covers ? round(b.mean) : null);
    out.min.push(covers ? round(b.min) : null);
    out.max.push(covers ? round(b.max) : null);
  }
  return out;
}

function chart(definition: SoakChartDefinition, series: SoakResults['series']): SoakChartData | null {
  const present = definition.lines.map((line) => ({ line, buckets: validBuckets(series[line.series]) }));
  const withData = present.filter((p) => p.buckets.length > 0);
  if (withData.length === 0) return null;
  // every bucket's middle, and where a line skips time (no bucket from one's end to the next's start) that
  // end: no bucket of the line covers it, so the line breaks there instead of bridging the gap
  const gapEnds = withData.flatMap((p) => p.buckets.slice(0, -1).flatMap((b, i) => (p.buckets[i + 1]!.startMs > b.endMs ? [b.endMs] : [])));
  const xMs = [...new Set([...withData.flatMap((p) => p.buckets.map(middle)), ...gapEnds])].sort((a, b) => a - b);
  const starts = withData.map((p) => p.buckets[0]!.startMs);
  const ends = withData.map((p) => Math.max(...p.buckets.map((b) => b.endMs)));
  const lo = Math.min(...starts) / 1000;
  const hi = Math.max(...ends) / 1000;
  return {
    id: definition.id,
    x: xMs.map((t) => t / 1000),
    // a single zero-width bucket still gets an axis (one second either side)
    range: hi > lo ? [lo, hi] : [lo - 1, hi + 1],
    lines: withData.map((p) => ({ series: p.line.series, ...sample(p.buckets, xMs) })),
    missing: present.filter((p) => p.buckets.length === 0 && !p.line.modal).map((p) => p.line.series),
  };
}

export function soakChartData(soak: Pick<SoakResults, 'series'>): SoakReportData {
  const series = soak.series !== null && typeof soak.series === 'object' ? soak.series : {};
  const charts: SoakChartData[] = [];
  const empty: string[] = [];
  for (const definition of SOAK_CHARTS) {
    const data = chart(definition, series);
    if (data) charts.push(data);
    else empty.push(definition.id);
  }
  return { charts, empty };
}
