/**
 * soak.memory_slope — memory does not keep growing: the slope of a least-squares line through
 * (time, rss_mb) readings, in MB per hour, stays under a threshold (default 1 MB/h, the
 * issue's budget for the harness). simple-statistics fits the line (linearRegression) and
 * measures how well it fits (rSquared, reported, not judged).
 *
 * Readings in the first `warmupMs` (default 5 min) are left out: caches, JIT and connection
 * set-up grow memory at the start of any run. Too few readings, or too short a span, to judge
 * a slope give ok with a note, never a failure (a slope over a few minutes says nothing per hour).
 *
 * Streaming in bounded memory: at most `maxPoints` (default 1024) points are kept; when full,
 * neighbouring pairs are averaged (time and value) and later readings are grouped in twos, fours…
 * so every kept point is the mean of the same number of consecutive readings (the last one
 * excepted while it fills). For a 24 h run at 5 s that is groups of 32 readings, ~2.7 min.
 * The points are typed arrays allocated up front, so the check's memory does not grow inside
 * the window it judges (it runs in the soak's runner, whose memory is part of the harness's).
 */
import { linearRegression, linearRegressionLine, rSquared } from 'simple-statistics';
import type { CheckResult } from '../../results/resultsTypes.ts';

export interface MemorySlopeOptions {
  /** whose memory, in messages: `harness`, `browser` */
  subject: string;
  /** the slope must stay below this, MB/h; default 1 */
  maxSlopeMbPerHour?: number;
  /** readings in the first warmupMs after the first one are ignored, ms; default 300000 (5 min) */
  warmupMs?: number;
  /** fewest readings after the warm-up for a verdict; default 10 */
  minPoints?: number;
  /** shortest span of readings after the warm-up for a verdict, ms; default 600000 (10 min) */
  minSpanMs?: number;
  /** most points kept for the regression, even; default 1024 */
  maxPoints?: number;
}

const HOUR_MS = 3_600_000;

export class MemorySlopeCheck {
  private readonly o: Required<MemorySlopeOptions>;
  private firstMs: number | undefined;
  private readings = 0;
  private spanStartMs = Infinity;
  private spanEndMs = -Infinity;
  /** full groups of `groupSize` readings each: Σ time (ms after the first reading), Σ rss_mb, readings */
  private readonly sumT: Float64Array;
  private readonly sumY: Float64Array;
  private readonly n: Float64Array;
  /** full groups kept */
  private points = 0;
  /** the group filling now: Σ time, Σ rss_mb, readings */
  private current = { sumT: 0, sumY: 0, n: 0 };
  private groupSize = 1;

  constructor(options: MemorySlopeOptions) {
    this.o = { maxSlopeMbPerHour: 1, warmupMs: 300_000, minPoints: 10, minSpanMs: 600_000, maxPoints: 1024, ...options };
    if (this.o.maxPoints < 4 || this.o.maxPoints % 2 !== 0) throw new RangeError(`MemorySlopeCheck: maxPoints must be an even number >= 4, got ${this.o.maxPoints}`);
    this.sumT = new Float64Array(this.o.maxPoints);
    this.sumY = new Float64Array(this.o.maxPoints);
    this.n = new Float64Array(this.o.maxPoints);
  }

  /** one reading: when (ms, any monotonic axis) and resident memory (MB) */
  observe(tMs: number, rss_mb: number): void {
    if (!Number.isFinite(tMs) || !Number.isFinite(rss_mb)) return;
    this.firstMs ??= tMs;
    if (tMs < this.firstMs + this.o.warmupMs) return;
    this.readings++;
    this.spanStartMs = Math.min(this.spanStartMs, tMs);
    this.spanEndMs = Math.max(this.spanEndMs, tMs);
    // times are kept relative to the first reading: epoch ms squared would lose precision
    this.current.sumT += tMs - this.firstMs;
    this.current.sumY += rss_mb;
    this.current.n++;
    if (this.current.n < this.groupSize) return;
    this.sumT[this.points] = this.current.sumT;
    this.sumY[this.points] = this.current.sumY;
    this.n[this.points] = this.current.n;
    this.points++;
    this.current.sumT = 0;
    this.current.sumY = 0;
    this.current.n = 0;
    if (this.points < this.o.maxPoints) return;
    // pairs (2i, 2i+1) into i, in place: i is written after 2i and 2i+1 are read
    const half = this.points / 2;
    for (let i = 0; i < half; i++) {
      this.sumT[i] = this.sumT[2 * i]! + this.sumT[2 * i + 1]!;
      this.sumY[i] = this.sumY[2 * i]! + this.sumY[2 * i + 1]!;
      this.n[i] = this.n[2 * i]! + this.n[2 * i + 1]!;
    }
    this.points = half;
    this.groupSize *= 2;
  }

  /** the fitted slope, MB/h; undefined while too few readings or too short a span for a verdict */
  slopeMbPerHour(): number | undefined {
    return this.fit()?.slope;
  }

  private fit(): { slope: number; r2: number; points: number } | undefined {
    const spanMs = this.readings > 0 ? this.spanEndMs - this.spanStartMs : 0;
    if (this.readings < this.o.minPoints || spanMs < this.o.minSpanMs) return undefined;
    const xy: number[][] = [];
    for (let i = 0; i < this.points; i++) xy.push([this.sumT[i]! / this.n[i]! / HOUR_MS, this.sumY[i]! / this.n[i]!]);
    if (this.current.n > 0) xy.push([this.current.sumT / this.current.n / HOUR_MS, this.current.sumY / this.current.n]);
    const line = linearRegression(xy);
    return { slope: line.m, r2: rSquared(xy, linearRegressionLine(line)), points: xy.length };
  }

  /** @param detail appended to the message when there is a verdict (e.g. the slope of each process) */
  result(detail = ''): CheckResult {
    const { subject, maxSlopeMbPerHour, warmupMs, minPoints, minSpanMs } = this.o;
    const spanMs = this.readings > 0 ? this.spanEndMs - this.spanStartMs : 0;
    const after = `after a ${fmtMinutes(warmupMs)} warm-up`;
    const fit = this.fit();
    if (!fit) {
      return {
        id: 'soak.memory_slope',
        ok: true,
        noVerdict: true,
        severity: 'error',
        message: `${subject} RSS: ${this.readings} reading(s) over ${fmtMinutes(spanMs)} ${after}; a slope needs >= ${minPoints} readings over >= ${fmtMinutes(minSpanMs)} (no verdict)`,
      };
    }
    const ok = fit.slope < maxSlopeMbPerHour;
    const grouping = this.groupSize > 1 ? `, fitted to ${fit.points} means of ${this.groupSize} readings` : '';
    return {
      id: 'soak.memory_slope',
      ok,
      severity: 'error',
      message: `${subject} RSS slope ${signedMbPerHour(fit.slope)} MB/h ${ok ? 'is under' : 'exceeds'} the limit of ${maxSlopeMbPerHour} MB/h (least squares over ${this.readings} readings in ${fmtMinutes(spanMs)} ${after}${grouping}; r² ${fit.r2.toFixed(2)})${detail}`,
    };
  }
}

function fmtMinutes(ms: number): string {
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

/** +0.51, -1.20, 0.00 (never -0.00) */
export function signedMbPerHour(value: number): string {
  const shown = value.toFixed(2);
  if (Number(shown) === 0) return '0.00';
  return value > 0 ? `+${shown}` : shown;
}
