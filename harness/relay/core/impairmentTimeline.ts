/**
 * An impairment over time: the link parameters in force at any clock time (base fields, then
 * schedule steps applied cumulatively) and the blackout window, if any, covering it. Times in
 * the impairment are relative to `originMs`, the clock time the impairment was set.
 */
import type { Impairment, LinkFields } from '../impairmentSchema.ts';
import { compileLinkParams } from './linkParams.ts';
import type { LinkParams } from './linkParams.ts';

export interface BlackoutWindow {
  /** clock ms */
  startMs: number;
  endMs: number;
  hold: boolean;
  /** packets held in this window so far */
  held: number;
}

export class ImpairmentTimeline {
  /** apply loss and blackouts to TURN control messages too */
  readonly impairControl: boolean;
  /** true when the base is clean and nothing ever changes */
  readonly alwaysClean: boolean;
  private readonly stepStarts: number[];
  private readonly steps: LinkParams[];
  private readonly blackouts: BlackoutWindow[];
  private current = 0;

  constructor(impairment: Impairment, readonly originMs: number, previous?: LinkParams) {
    this.impairControl = impairment.impairControl ?? false;
    const { schedule = [], blackouts = [], impairControl: _control, ...base } = impairment;
    let fields: LinkFields = base;
    let params = compileLinkParams(fields, previous);
    this.stepStarts = [originMs];
    this.steps = [params];
    for (const step of [...schedule].sort((a, b) => a.atMs - b.atMs)) {
      const { atMs, ...changes } = step;
      fields = { ...fields, ...changes };
      params = compileLinkParams(fields, params);
      this.stepStarts.push(originMs + atMs);
      this.steps.push(params);
    }
    this.blackouts = [...blackouts]
      .sort((a, b) => a.atMs - b.atMs)
      .map((b) => ({ startMs: originMs + b.atMs, endMs: originMs + b.atMs + b.durationMs, hold: b.mode === 'hold', held: 0 }));
    this.alwaysClean = this.steps.length === 1 && this.steps[0]!.clean && this.blackouts.length === 0;
  }

  /** link parameters in force at clock time `tMs` */
  paramsAt(tMs: number): LinkParams {
    const starts = this.stepStarts;
    let i = this.current;
    if (tMs < starts[i]!) i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= tMs) i++;
    this.current = i;
    return this.steps[i]!;
  }

  /** the blackout window covering `tMs`, or null (windows do not overlap: validation refuses it) */
  blackoutAt(tMs: number): BlackoutWindow | null {
    const windows = this.blackouts;
    if (windows.length === 0) return null;
    let low = 0;
    let high = windows.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (windows[mid]!.startMs <= tMs) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (found < 0) return null;
    const window = windows[found]!;
    return tMs < window.endMs ? window : null;
  }

  /** parameters of the last step, to carry loss state across a replacement */
  lastParams(): LinkParams {
    return this.steps[this.steps.length - 1]!;
  }
}
