/**
 * Ground-truth counters of one flow (an SSRC, or STUN/DTLS/other traffic) on one leg
 * direction, plus its stream position tracking and its loss-model state.
 */
import type { FlowKind, LegGroundTruth, SeriesPoint } from './groundTruthTypes.ts';
import type { LossState } from './linkParams.ts';
import { PayloadTypeCounts } from './payloadTypeCounts.ts';

/** droppedPositions stops growing here */
export const DROPPED_POSITIONS_CAP = 100_000;
/** per-second series keep the newest this many seconds by default (10 h); older seconds are dropped */
export const SERIES_CAP_SECONDS = 36_000;
/** seconds dropped at once when a series outgrows its window: trimming is rare, not per second */
const TRIM_SLACK_SECONDS = 60;

export class FlowState implements LossState {
  geBad = false;
  lossVersion = -1;
  offered = 0;
  delivered = 0;
  duplicated = 0;
  reordered = 0;
  droppedLoss = 0;
  droppedQueue = 0;
  droppedBlackout = 0;
  inFlight = 0;
  offeredBytes = 0;
  deliveredBytes = 0;
  readonly droppedPositions: number[] = [];
  /** RTP flows: counts per payload type; null for every other kind */
  private readonly payloadTypes: PayloadTypeCounts | null;
  private firstSeq = -1;
  private lastExtSeq = 0;
  private arrivals = 0;
  private maxDelivered = -Infinity;
  private readonly seriesOffered: number[] = [];
  private readonly seriesDelivered: number[] = [];
  private readonly seriesDropped: number[] = [];
  /** the second (since originMs) the series arrays start at: older ones were dropped */
  private seriesStart = 0;

  constructor(
    readonly kind: FlowKind,
    readonly ssrc: number | null,
    readonly flowIndex: number,
    /** this flow's random stream */
    readonly seed: number,
    /** clock ms that series buckets count from */
    private readonly originMs: number,
    /**
     * the per-second series keep the newest this many seconds, so an hours-long soak call holds
     * bounded memory; default SERIES_CAP_SECONDS
     */
    private readonly seriesWindowSeconds: number = SERIES_CAP_SECONDS,
  ) {
    this.payloadTypes = kind === 'rtp' ? new PayloadTypeCounts() : null;
  }

  /** position of an RTP packet: unwrapped sequence number relative to the first one seen */
  rtpPosition(seq: number): number {
    if (this.firstSeq < 0) {
      this.firstSeq = seq;
      this.lastExtSeq = seq;
      return 0;
    }
    const diff = ((seq - (this.lastExtSeq & 0xffff) + 0x18000) & 0xffff) - 0x8000;
    const ext = this.lastExtSeq + diff;
    if (ext > this.lastExtSeq) this.lastExtSeq = ext;
    return ext - this.firstSeq;
  }

  /** position of a non-RTP datagram: its arrival index */
  arrivalPosition(): number {
    return this.arrivals++;
  }

  /** @param payloadType RTP: the header's PT (0–127); ignored on other flows */
  noteOffered(bytes: number, nowMs: number, payloadType: number): void {
    this.offered++;
    this.payloadTypes?.noteOffered(payloadType);
    this.offeredBytes += bytes;
    this.bump(this.seriesOffered, nowMs);
  }

  noteDropped(cause: 'loss' | 'queue' | 'blackout', position: number, nowMs: number): void {
    if (cause === 'loss') this.droppedLoss++;
    else if (cause === 'queue') this.droppedQueue++;
    else this.droppedBlackout++;
    if (this.droppedPositions.length < DROPPED_POSITIONS_CAP) this.droppedPositions.push(position);
    this.bump(this.seriesDropped, nowMs);
  }

  /** @param payloadType RTP: the header's PT (0–127); ignored on other flows */
  noteDelivered(bytes: number, position: number, nowMs: number, payloadType: number): void {
    this.delivered++;
    this.payloadTypes?.noteDelivered(payloadType, nowMs - this.originMs);
    this.deliveredBytes += bytes;
    if (position < this.maxDelivered) this.reordered++;
    else this.maxDelivered = position;
    this.bump(this.seriesDelivered, nowMs);
  }

  private bump(series: number[], nowMs: number): void {
    const second = Math.floor((nowMs - this.originMs) / 1000);
    if (second < this.seriesStart) return;
    if (second - this.seriesStart >= this.seriesWindowSeconds + TRIM_SLACK_SECONDS) {
      const drop = second - this.seriesWindowSeconds + 1 - this.seriesStart;
      for (const s of [this.seriesOffered, this.seriesDelivered, this.seriesDropped]) s.splice(0, drop);
      this.seriesStart += drop;
    }
    const index = second - this.seriesStart;
    while (series.length <= index) series.push(0);
    series[index]!++;
  }

  snapshot(callId: string, role: LegGroundTruth['role'], direction: LegGroundTruth['direction']): LegGroundTruth {
    const seconds = Math.max(this.seriesOffered.length, this.seriesDelivered.length, this.seriesDropped.length);
    const series: SeriesPoint[] = [];
    for (let s = 0; s < seconds; s++) {
      series.push({ tMs: (this.seriesStart + s) * 1000, offered: this.seriesOffered[s] ?? 0, delivered: this.seriesDelivered[s] ?? 0, dropped: this.seriesDropped[s] ?? 0 });
    }
    return {
      callId,
      role,
      direction,
      ssrc: this.ssrc,
      kind: this.kind,
      flowIndex: this.flowIndex,
      offered: this.offered,
      delivered: this.delivered,
      duplicated: this.duplicated,
      reordered: this.reordered,
      dropped: { loss: this.droppedLoss, queue: this.droppedQueue, blackout: this.droppedBlackout },
      inFlight: this.inFlight,
      offeredBytes: this.offeredBytes,
      deliveredBytes: this.deliveredBytes,
      droppedPositions: [...this.droppedPositions],
      droppedPositionsCapped: this.droppedPositions.length >= DROPPED_POSITIONS_CAP,
      series,
      ...(this.payloadTypes ? { payloadTypes: this.payloadTypes.snapshot(), payloadTypesCapped: this.payloadTypes.capped } : {}),
    };
  }
}
