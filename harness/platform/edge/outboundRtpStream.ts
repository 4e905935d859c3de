/**
 * One RTP stream the edge writes towards a peer: its own SSRC, and sequence numbers and
 * timestamps that continue across a change of source (the other leg's sender restarting with
 * a new SSRC, or the stream being fed by another leg). Within one source the offsets stay
 * fixed, so a loss upstream stays a gap downstream (the receiver's loss counts stay true), and
 * `gaps` records where those gaps are.
 */
import { ForwardedGaps } from './forwardedGaps.ts';

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
  /** packets rewritten (each is then sent, or reported not sent) */
  private rewritten = 0;
  /** packets sent */
  written = 0;
  /** the senders' SSRCs that fed this stream, in the order they first did */
  readonly fromSsrcs: number[] = [];
  /** the stream's holes, in the positions the relay counts on the receiver's down leg */
  readonly gaps = new ForwardedGaps();

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
      if (!this.fromSsrcs.includes(from.ssrc)) this.fromSsrcs.push(from.ssrc);
      this.seqOffset = ((this.lastSeq + 1) - from.sequenceNumber) & 0xffff;
      this.tsOffset = (this.lastTs + SOURCE_CHANGE_TS_STEP - from.timestamp) >>> 0;
    }
    const sequenceNumber = (from.sequenceNumber + this.seqOffset) & 0xffff;
    const timestamp = (from.timestamp + this.tsOffset) >>> 0;
    // a reordered (older) packet keeps its place; only a newer one moves "last"
    if (this.rewritten === 0 || ((sequenceNumber - this.lastSeq) & 0xffff) < 0x8000) {
      this.lastSeq = sequenceNumber;
      this.lastTs = timestamp;
    }
    this.rewritten++;
    return { ssrc: this.ssrc, sequenceNumber, timestamp };
  }

  /** the packet rewritten to `sequenceNumber` went out (false: it did not, the edge's own drop) */
  sent(sequenceNumber: number, ok: boolean): void {
    if (ok) {
      this.written++;
      this.gaps.written(sequenceNumber);
    } else this.gaps.notWritten(sequenceNumber);
  }

  /**
   * a packet the edge received for this stream and dropped before rewriting it: its place in the
   * stream is the edge's drop, not a loss upstream. Only a packet of the current source has a
   * place; a new source's first packets have none yet (the next one written continues the stream).
   */
  skipped(from: RtpHeaderFields): void {
    if (from.ssrc !== this.source) return;
    this.gaps.notWritten((from.sequenceNumber + this.seqOffset) & 0xffff);
  }
}

/** a random 32-bit value, not 0 (SSRCs, first timestamps) */
export function randomUint32(): number {
  return (Math.floor(Math.random() * 0xfffffffe) + 1) >>> 0;
}
