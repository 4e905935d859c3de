/**
 * Per RTP payload type counts of one RTP flow: SRTP leaves the RTP header in the clear, so the
 * relay can tell e.g. Opus from telephone-event (RFC 4733 DTMF) packets by their PT alone.
 * Everything is allocated once per flow; counting a packet allocates nothing.
 */
import type { PayloadTypeCount } from './groundTruthTypes.ts';

/**
 * distinct payload types counted per flow: a call's audio stream uses two or three (Opus,
 * telephone-event, perhaps CN or RED), so this only bounds hostile input; packets of further
 * payload types are left uncounted and `capped` says so
 */
export const MAX_PAYLOAD_TYPES = 16;

export class PayloadTypeCounts {
  /** slot of each payload type (0–127) in the arrays below; -1 = not seen yet */
  private readonly slotOf = new Int8Array(128).fill(-1);
  /** payload type of each slot, in order of first appearance */
  private readonly types = new Uint8Array(MAX_PAYLOAD_TYPES);
  private readonly offered = new Float64Array(MAX_PAYLOAD_TYPES);
  private readonly delivered = new Float64Array(MAX_PAYLOAD_TYPES);
  /** ms since the flow's origin (the call's credentials), NaN until the first delivery */
  private readonly firstDeliveredMs = new Float64Array(MAX_PAYLOAD_TYPES).fill(NaN);
  private readonly lastDeliveredMs = new Float64Array(MAX_PAYLOAD_TYPES).fill(NaN);
  private used = 0;
  /** a packet's payload type found no free slot */
  capped = false;

  /** @param payloadType the RTP header's PT, 0–127 (marker bit masked off) */
  noteOffered(payloadType: number): void {
    const slot = this.slot(payloadType);
    if (slot >= 0) this.offered[slot]!++;
  }

  /** @param atMs ms since the flow's origin */
  noteDelivered(payloadType: number, atMs: number): void {
    const slot = this.slot(payloadType);
    if (slot < 0) return;
    this.delivered[slot]!++;
    if (Number.isNaN(this.firstDeliveredMs[slot]!)) this.firstDeliveredMs[slot] = atMs;
    this.lastDeliveredMs[slot] = atMs;
  }

  snapshot(): PayloadTypeCount[] {
    const counts: PayloadTypeCount[] = [];
    for (let slot = 0; slot < this.used; slot++) {
      const first = this.firstDeliveredMs[slot]!;
      const last = this.lastDeliveredMs[slot]!;
      counts.push({
        payloadType: this.types[slot]!,
        offered: this.offered[slot]!,
        delivered: this.delivered[slot]!,
        // 0.1 ms is finer than anything a check compares and keeps results.json short
        firstDeliveredMs: Number.isNaN(first) ? null : Math.round(first * 10) / 10,
        lastDeliveredMs: Number.isNaN(last) ? null : Math.round(last * 10) / 10,
      });
    }
    return counts;
  }

  private slot(payloadType: number): number {
    const slot = this.slotOf[payloadType]!;
    if (slot >= 0 || this.capped) return slot;
    if (this.used === MAX_PAYLOAD_TYPES) {
      this.capped = true;
      return -1;
    }
    this.types[this.used] = payloadType;
    this.slotOf[payloadType] = this.used;
    return this.used++;
  }
}
