/**
 * What the page script needs to draw one call's charts, on the call's one time axis
 * (seconds since `startedAtMs`, see callTimebase). Embedded in the report as JSON. Pure.
 */
import type { CallResult } from '../results/resultsTypes.ts';
import { callTimebase } from './callTimebase.ts';
import { deriveSeries, type DerivedSeries } from '../metrics/deriveSeries.ts';

export interface ImpairmentBand {
  /** start, s on the axis */
  fromS: number;
  /** end, s on the axis; null = until the call ended */
  toS: number | null;
  /** e.g. `loss 10% (consumer ↑)` */
  label: string;
}

export interface CallChartData {
  /** the call's index in results.calls */
  index: number;
  series: DerivedSeries;
  impairments: ImpairmentBand[];
  /** the call's end on the axis, s; null when unknown */
  endS: number | null;
}

export function chartData(call: CallResult, index: number): CallChartData {
  const timebase = callTimebase(call);
  const impairments = (Array.isArray(call.impairments) ? call.impairments : []).flatMap((w) => {
    if (!w || typeof w.fromS !== 'number' || !Number.isFinite(w.fromS)) return [];
    const toS = typeof w.toS === 'number' && Number.isFinite(w.toS) ? w.toS : null;
    const label = typeof w.label === 'string' && w.label ? w.label : `${w.role ?? ''} ${w.direction ?? ''}`.trim() || 'impairment';
    return [{ fromS: w.fromS, toS, label }];
  });
  return { index, series: deriveSeries(Array.isArray(call.samples) ? call.samples : [], timebase.sampleOffsetS), impairments, endS: timebase.endS };
}
