/**
 * soak.packet_rate_steady — a peer keeps receiving packets at a steady rate: packets/s per
 * minute (Δ packetsReceived over the sample time the minute covers) must not fall below
 * `minRatio` (default 0.8) of the median minute. Minutes count from the first sample that has
 * inbound-rtp; that first minute (set-up) is not judged, nor is a minute that covers less than
 * `minCoverage` of its length (the last, cut by the end of the run). The worst minute is reported.
 *
 * Streaming: one rate per minute is kept, as a plain number (1440 of them, ~12 KB, for a day) —
 * the median needs them all; the worst minute is tracked as it goes.
 * Intervals across an SSRC change, a counter decrease or a gap longer than `maxIntervalMs`
 * (default 5000) are left out (they say nothing reliable about the rate).
 */
import { median } from 'simple-statistics';
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { AudioSample } from '../../stats/audioSample.ts';

export interface PacketRateSteadyOptions {
  /** the peer's name in messages, e.g. `business` */
  peer: string;
  /** a minute below minRatio × the median minute fails, 0..1; default 0.8 */
  minRatio?: number;
  /** length of a bucket, ms; default 60000 */
  minuteMs?: number;
  /** share of a minute's length its samples must cover to be judged, 0..1; default 0.5 */
  minCoverage?: number;
  /** longest interval between two samples that counts, ms; default 5000 */
  maxIntervalMs?: number;
}

interface Minute {
  index: number;
  packets: number;
  coveredMs: number;
}

export class PacketRateSteadyCheck {
  private readonly o: Required<PacketRateSteadyOptions>;
  private originMs: number | undefined;
  private last: { tMs: number; count: number; ssrc: number | undefined } | undefined;
  private minute: Minute | undefined;
  /** packets/s of every judged minute (minute 0 excluded), in order */
  private readonly rates: number[] = [];
  private worst: { index: number; rate: number } | undefined;

  constructor(options: PacketRateSteadyOptions) {
    this.o = { minRatio: 0.8, minuteMs: 60_000, minCoverage: 0.5, maxIntervalMs: 5000, ...options };
  }

  observe(sample: AudioSample): void {
    const count = sample.inbound?.packetsReceived;
    const tMs = sample.t * 1000;
    if (typeof count !== 'number' || !Number.isFinite(tMs)) return;
    const ssrc = sample.inbound?.ssrc;
    this.originMs ??= tMs;
    const prev = this.last;
    this.last = { tMs, count, ssrc };
    if (!prev || tMs <= prev.tMs) return;
    const sameStream = prev.ssrc === undefined || ssrc === undefined || prev.ssrc === ssrc;
    if (!sameStream || count < prev.count || tMs - prev.tMs > this.o.maxIntervalMs) return;
    // the interval (prev, now] belongs to the minute its middle falls in (an interval ending on a boundary is the earlier minute's)
    const index = Math.floor(((prev.tMs + tMs) / 2 - this.originMs) / this.o.minuteMs);
    if (this.minute && this.minute.index !== index) this.closeMinute();
    this.minute ??= { index, packets: 0, coveredMs: 0 };
    this.minute.packets += count - prev.count;
    this.minute.coveredMs += tMs - prev.tMs;
  }

  /** the verdict; call it once the peer's samples have all been observed (it closes the current minute) */
  result(): CheckResult {
    this.closeMinute();
    const { peer, minRatio, minuteMs } = this.o;
    if (this.rates.length < 2) {
      return { id: 'soak.packet_rate_steady', ok: true, noVerdict: true, severity: 'error', message: `${peer}: ${this.rates.length} full minute(s) after the first; at least 2 are needed to judge the packet rate (no verdict)` };
    }
    const mid = median(this.rates);
    if (!(mid > 0)) return { id: 'soak.packet_rate_steady', ok: false, severity: 'error', message: `${peer}: received no packets in ${this.rates.length} minutes after the first` };
    const floor = minRatio * mid;
    const worst = this.worst!;
    const below = this.rates.filter((rate) => rate < floor).length;
    const startS = ((this.originMs ?? 0) + worst.index * minuteMs) / 1000;
    const pct = Math.round((worst.rate / mid) * 100);
    const where = `minute ${worst.index} (t=${startS.toFixed(0)}–${(startS + minuteMs / 1000).toFixed(0)} s) received ${worst.rate.toFixed(1)} packets/s, ${pct} % of the median minute (${mid.toFixed(1)} packets/s)`;
    if (below === 0) {
      return { id: 'soak.packet_rate_steady', ok: true, severity: 'error', message: `${peer}: packet rate steady over ${this.rates.length} minutes; slowest: ${where}; the floor is ${Math.round(minRatio * 100)} %` };
    }
    return {
      id: 'soak.packet_rate_steady',
      ok: false,
      severity: 'error',
      message: `${peer}: ${where}; the floor is ${Math.round(minRatio * 100)} % (${below} of ${this.rates.length} minutes below it)`,
    };
  }

  private closeMinute(): void {
    const m = this.minute;
    this.minute = undefined;
    if (!m || m.index === 0 || m.coveredMs < this.o.minCoverage * this.o.minuteMs) return;
    const rate = (m.packets / m.coveredMs) * 1000;
    this.rates.push(rate);
    if (!this.worst || rate < this.worst.rate) this.worst = { index: m.index, rate };
  }
}
