/**
 * The holes in one stream the edge writes, in the coordinates the relay counts its drops in on
 * the receiver's down leg: stream positions, 0-based from the first packet written on the
 * stream, sequence-unwrapped (harness/relay/core/flowState.ts rtpPosition). The edge keeps a
 * source's sequence gaps, so a position it never wrote is a packet that never reached it
 * (missing upstream), unless the edge received that packet and did not forward it
 * (`notForwardedPositions`). A late packet fills its hole; one written twice is a duplicate.
 */

/** each list of positions stops growing here, as the relay's droppedPositions does */
export const GAP_POSITIONS_CAP = 100_000;

export class ForwardedGaps {
  /** the first sequence number written, -1 = none yet */
  private firstSeq = -1;
  /** the highest unwrapped (extended) sequence number written or skipped */
  private highestExt = 0;
  /** positions never written and not skipped by the edge, ascending (appended as the highest moves on) */
  private readonly holes: number[] = [];
  /** positions of packets the edge received and did not forward, ascending */
  private readonly skipped: number[] = [];
  /** true once either list stopped growing at GAP_POSITIONS_CAP */
  capped = false;
  /**
   * holes still open, counted past the cap too; once capped, a late packet whose hole is past the
   * list cannot be told from a duplicate, so this may over-count by such packets
   */
  openHoles = 0;
  /** packets written at a position already written */
  duplicates = 0;

  /** a packet written with this (output) sequence number, 0–65535 */
  written(seq: number): void {
    if (this.firstSeq < 0) {
      this.firstSeq = seq;
      this.highestExt = seq;
      return;
    }
    const position = this.position(seq);
    if (position > this.highest) {
      this.openUpTo(position);
      return;
    }
    if (position < 0) return; // older than the first packet: before the receiver's (and the relay's) position 0
    if (!this.fill(position)) this.duplicates++;
  }

  /** a packet the edge received and did not write, with the sequence number it would have had */
  notWritten(seq: number): void {
    if (this.firstSeq < 0) return; // before position 0: no receiver sees it as a gap
    const position = this.position(seq);
    if (position > this.highest) {
      this.openUpTo(position);
      // openUpTo leaves `position` itself out of the holes: it is the edge's own drop
      this.push(this.skipped, position);
      return;
    }
    if (position < 0 || !this.fill(position)) return;
    // a late packet the edge dropped: its hole was the edge's doing, not upstream's
    if (this.skipped.length >= GAP_POSITIONS_CAP) this.capped = true;
    else this.skipped.splice(insertionPoint(this.skipped, position), 0, position);
  }

  /** the positions of packets that never reached the edge, ascending */
  get upstreamGapPositions(): number[] {
    return [...this.holes];
  }

  /** the positions of packets the edge received and did not write, ascending */
  get notForwardedPositions(): number[] {
    return [...this.skipped];
  }

  private get highest(): number {
    return this.highestExt - this.firstSeq;
  }

  /** unwrapped position relative to the first packet; the same arithmetic as the relay's */
  private position(seq: number): number {
    const diff = ((seq - (this.highestExt & 0xffff) + 0x18000) & 0xffff) - 0x8000;
    return this.highestExt + diff - this.firstSeq;
  }

  /** moves the highest position to `position`, opening a hole at each one skipped over */
  private openUpTo(position: number): void {
    for (let p = this.highest + 1; p < position; p++) {
      this.openHoles++;
      this.push(this.holes, p);
    }
    this.highestExt = this.firstSeq + position;
  }

  /** closes the hole at `position`; false = there was none (already written) */
  private fill(position: number): boolean {
    const at = indexOf(this.holes, position);
    if (at < 0) return false;
    this.holes.splice(at, 1);
    this.openHoles--;
    return true;
  }

  private push(list: number[], position: number): void {
    if (list.length < GAP_POSITIONS_CAP) list.push(position);
    else this.capped = true;
  }
}

/** binary search in an ascending list; -1 = absent */
function indexOf(sorted: number[], value: number): number {
  const at = insertionPoint(sorted, value);
  return sorted[at] === value ? at : -1;
}

/** the first index whose value is not below `value` (an ascending list) */
function insertionPoint(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
