/**
 * soak.no_freeze — the relay kept delivering media to a peer while the peer's
 * `packetsReceived` did not grow for `freezeMs` or longer: the receiver froze (its network
 * thread, its jitter buffer, its stats) although packets reached it.
 *
 * Inputs, on the call's axis (ms since the call started, AudioSample `t` × 1000):
 * - the peer's samples (`observeSample`);
 * - the relay's 1 s delivered counts towards the peer (`observeDelivered`, see inboundDelivered
 *   for which leg), on the relay's axis; `relayOriginMs` maps them: call ms = relayOriginMs + tMs
 *   (= when the call's relay credentials were created − when the call started).
 * The two streams may arrive in any interleaving (the relay's series is polled, the samples are
 * not); a stall is decided once relay seconds up to its end have arrived, or at `result()`.
 *
 * A stall runs from the last sample where packetsReceived grew to the last sample where it still
 * had not (a lower bound of the real stall). Only relay seconds wholly inside it count, so the
 * packets around its edges (received just before, or just after) never make a false freeze.
 * State: the open stall, stalls waiting for relay data, relay seconds that arrived ahead of the
 * samples (merged pairwise past 600) — O(1) in the run's length.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { AudioSample } from '../../stats/audioSample.ts';
import type { DeliveredPoint } from './inboundDelivered.ts';

export interface NoFreezeOptions {
  /** the peer's name in messages, e.g. `business` */
  peer: string;
  /** shortest stall that is a freeze, ms; default 5000 */
  freezeMs?: number;
  /** relay deliveries inside a stall that make it a freeze, datagrams; default 10 (0.2 s of 50/s Opus) */
  minDelivered?: number;
  /** the relay series' origin on the call's axis, ms; default 0 */
  relayOriginMs?: number;
  /** freezes quoted in the message; default 20 */
  maxQuoted?: number;
}

/** a span of relay delivery on the call's axis: [startMs, endMs) */
interface Span {
  startMs: number;
  endMs: number;
  delivered: number;
}

interface Stall {
  startMs: number;
  endMs: number;
  delivered: number;
}

const MAX_AHEAD = 600;

export class NoFreezeCheck {
  private readonly o: Required<NoFreezeOptions>;
  private started = false;
  private everInbound = false;
  private lastCount = 0;
  private lastSsrc: number | undefined;
  /** start of the open stall: the last sample where packetsReceived grew */
  private growthMs = 0;
  /** end of the open stall: the latest sample */
  private lastSampleMs = 0;
  /** relay deliveries wholly inside [growthMs, lastSampleMs] */
  private inside = 0;
  /** relay spans at or after growthMs that reach past lastSampleMs (yet) */
  private ahead: Span[] = [];
  private pending: Stall[] = [];
  private relayCoveredMs = -Infinity;
  private freezes = 0;
  private frozenMs = 0;
  private readonly quoted: Stall[] = [];
  private finished: CheckResult | undefined;

  constructor(options: NoFreezeOptions) {
    this.o = { freezeMs: 5000, minDelivered: 10, relayOriginMs: 0, maxQuoted: 20, ...options };
  }

  observeSample(sample: AudioSample): void {
    const tMs = sample.t * 1000;
    if (!Number.isFinite(tMs) || this.finished) return;
    const inbound = sample.inbound;
    // before the first inbound-rtp nothing has arrived (0); after it, a sample without one is a missed read
    if (!inbound && this.everInbound) return;
    if (inbound) this.everInbound = true;
    const count = inbound?.packetsReceived ?? 0;
    const ssrc = inbound?.ssrc;
    if (!this.started || count !== this.lastCount || (ssrc !== undefined && this.lastSsrc !== undefined && ssrc !== this.lastSsrc)) {
      // grew, or a new stream (or a reset, which counters_monotonic reports): a new stall may start here
      if (this.started) this.closeStall();
      this.started = true;
      this.lastCount = count;
      this.lastSsrc = ssrc ?? this.lastSsrc;
      this.growthMs = tMs;
      this.lastSampleMs = tMs;
      this.inside = 0;
      this.ahead = this.ahead.filter((s) => s.startMs >= tMs);
      return;
    }
    this.lastSampleMs = Math.max(this.lastSampleMs, tMs);
    this.absorbAhead();
  }

  observeDelivered(point: DeliveredPoint): void {
    if (this.finished || !Number.isFinite(point.tMs)) return;
    const span = { startMs: this.o.relayOriginMs + point.tMs, endMs: this.o.relayOriginMs + point.tMs + 1000, delivered: point.delivered };
    this.relayCoveredMs = Math.max(this.relayCoveredMs, span.endMs);
    if (span.delivered > 0) {
      for (const stall of this.pending) if (span.startMs >= stall.startMs && span.endMs <= stall.endMs) stall.delivered += span.delivered;
      if (!this.started) this.keepAhead(span);
      else if (span.startMs >= this.growthMs) {
        if (span.endMs <= this.lastSampleMs) this.inside += span.delivered;
        else this.keepAhead(span);
      }
    }
    this.settle(false);
  }

  /** closes the open stall, decides every stall, and reports; later observations are ignored */
  result(): CheckResult {
    if (!this.finished) {
      this.absorbAhead();
      if (this.started) this.closeStall();
      this.settle(true);
      this.finished = this.report();
    }
    return this.finished;
  }

  private keepAhead(span: Span): void {
    this.ahead.push(span);
    if (this.ahead.length <= MAX_AHEAD) return;
    // merge neighbours: coarser spans can only be counted less (never more) at a stall's edge
    const merged: Span[] = [];
    for (let i = 0; i < this.ahead.length; i += 2) {
      const a = this.ahead[i]!;
      const b = this.ahead[i + 1];
      merged.push(b ? { startMs: Math.min(a.startMs, b.startMs), endMs: Math.max(a.endMs, b.endMs), delivered: a.delivered + b.delivered } : a);
    }
    this.ahead = merged;
  }

  /** moves relay spans that now lie wholly inside the open stall into its count */
  private absorbAhead(): void {
    if (this.ahead.length === 0) return;
    const keep: Span[] = [];
    for (const s of this.ahead) {
      if (s.startMs < this.growthMs) continue;
      if (s.endMs <= this.lastSampleMs) this.inside += s.delivered;
      else keep.push(s);
    }
    this.ahead = keep;
  }

  private closeStall(): void {
    if (this.lastSampleMs - this.growthMs >= this.o.freezeMs) this.pending.push({ startMs: this.growthMs, endMs: this.lastSampleMs, delivered: this.inside });
    this.settle(false);
  }

  /** decides stalls whose relay seconds have all arrived (or all of them, at the end) */
  private settle(all: boolean): void {
    if (this.pending.length === 0) return;
    const open: Stall[] = [];
    for (const stall of this.pending) {
      if (!all && this.relayCoveredMs < stall.endMs) {
        open.push(stall);
        continue;
      }
      if (stall.delivered < this.o.minDelivered) continue;
      this.freezes++;
      this.frozenMs += stall.endMs - stall.startMs;
      if (this.quoted.length < this.o.maxQuoted) this.quoted.push(stall);
    }
    this.pending = open;
  }

  private report(): CheckResult {
    const { peer, freezeMs, minDelivered } = this.o;
    const still = `for >= ${(freezeMs / 1000).toFixed(1)} s while the relay delivered >= ${minDelivered} packets to it`;
    if (this.freezes === 0) return { id: 'soak.no_freeze', ok: true, severity: 'error', message: `${peer}: no freeze: packetsReceived never stood still ${still}` };
    const list = this.quoted.map((s) => `at t=${(s.startMs / 1000).toFixed(1)} s for ${((s.endMs - s.startMs) / 1000).toFixed(1)} s (relay delivered ${s.delivered} packets)`);
    const more = this.freezes > this.quoted.length ? `, and ${this.freezes - this.quoted.length} more` : '';
    return {
      id: 'soak.no_freeze',
      ok: false,
      severity: 'error',
      message: `${peer}: ${this.freezes} freeze(s), ${(this.frozenMs / 1000).toFixed(1)} s in all — packetsReceived did not grow ${still}: ${list.join('; ')}${more}`,
    };
  }
}
