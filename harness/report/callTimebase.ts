/**
 * One time axis for everything the report draws about a call. Pure.
 *
 * The pieces of a CallResult count seconds from different moments: impairment windows from
 * `startedAtMs` (when the harness began the call), samples' `t` from the agent's `call`
 * step, which comes later (page set-up, signaling). The report's axis is seconds since
 * `startedAtMs`; samples are moved onto it by the epoch timestamps they carry.
 */
import { median } from 'simple-statistics';
import type { CallResult } from '../results/resultsTypes.ts';

export interface CallTimebase {
  /** the axis' zero, ms since the Unix epoch; undefined when nothing in the call says */
  originMs: number | undefined;
  /** seconds to add to a sample's `t` to put it on the axis; 0 when unknown */
  sampleOffsetS: number;
  /** the call's end on the axis, s; null when the call's end or its origin is unknown */
  endS: number | null;
}

export function callTimebase(call: Pick<CallResult, 'samples' | 'startedAtMs' | 'endedAtMs'>): CallTimebase {
  // Where the samples' t = 0 lies in epoch ms, from each sample's own stats timestamp; the
  // median keeps one late sample (a busy page) from moving the whole series.
  const sampleOrigins = (call.samples ?? []).flatMap((s) =>
    typeof s.timestampMs === 'number' && Number.isFinite(s.timestampMs) && Number.isFinite(s.t) ? [s.timestampMs - s.t * 1000] : [],
  );
  const sampleOriginMs = sampleOrigins.length > 0 ? median(sampleOrigins) : undefined;
  const startedAtMs = typeof call.startedAtMs === 'number' && Number.isFinite(call.startedAtMs) ? call.startedAtMs : undefined;
  const originMs = startedAtMs ?? sampleOriginMs;
  const sampleOffsetS = originMs !== undefined && sampleOriginMs !== undefined ? Math.round(sampleOriginMs - originMs) / 1000 : 0;
  const endedAtMs = typeof call.endedAtMs === 'number' && Number.isFinite(call.endedAtMs) ? call.endedAtMs : undefined;
  const endS = originMs !== undefined && endedAtMs !== undefined ? Math.round(endedAtMs - originMs) / 1000 : null;
  return { originMs, sampleOffsetS, endS };
}
