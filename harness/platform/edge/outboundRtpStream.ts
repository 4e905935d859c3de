/**
 * One RTP stream the edge writes towards a peer: its own SSRC, and sequence numbers and
 * timestamps that continue across a change of source (the other leg's sender restarting with
 * a new SSRC, or the stream being fed by another leg). Within one source the offsets stay
 * fixed, so a loss upstream stays a gap downstream (the receiver's loss counts stay true).
 */

export interface RtpHeaderFields {
  ssrc: number;
  sequenceNumber: number;
  timestamp: number;
}

/** the timestamp step assumed across a change of source: 20 ms of 48 kHz audio */
const SOURCE_CHANGE_TS_STEP = 960;

export class OutboundRtpStream {
  private source: number | null = null;
  private seqOffset = 0;
  private tsOffset = 0;
  /** the last sequence number and timestamp written (ours) */
  private lastSeq: number;
  private lastTs: number;
  /** packets written */
  written = 0;

  /**
   * @param ssrc the edge's SSRC for this stream (announced in its SDP)
   * @param firstSeq the sequence number of the first packet written, 0–65535 (random, RFC 3550)
   * @param firstTs the timestamp of the first packet, 0–2^32-1 (random)
   */
  constructor(readonly ssrc: number, firstSeq: number, firstTs: number) {
    this.lastSeq = (firstSeq - 1) & 0xffff;
    this.lastTs = (firstTs - SOURCE_CHANGE_TS_STEP) >>> 0;
  }

  /** the header fields to write for a packet the edge received with `from`'s fields */
  rewrite(from: RtpHeaderFields): RtpHeaderFields {
    if (from.ssrc !== this.source) {
      // continue right after the last packet written
      this.source = from.ssrc;
      this.seqOffset = ((this.lastSeq + 1) - from.sequenceNumber) & 0xffff;
      this.tsOffset = (this.lastTs + SOURCE_CHANGE_TS_STEP - from.timestamp) >>> 0;
    }
    const sequenceNumber = (from.sequenceNumber + this.seqOffset) & 0xffff;
    const timestamp = (from.timestamp + this.tsOffset) >>> 0;
    // a reordered (older) packet keeps its place; only a newer one moves "last"
    if (this.written === 0 || ((sequenceNumber - this.lastSeq) & 0xffff) < 0x8000) {
      this.lastSeq = sequenceNumber;
      this.lastTs = timestamp;
    }
    this.written++;
    return { ssrc: this.ssrc, sequenceNumber, timestamp };
  }
}

/** a random 32-bit value, not 0 (SSRCs, first timestamps) */
export function randomUint32(): number {
  return (Math.floor(Math.random() * 0xfffffffe) + 1) >>> 0;
}
