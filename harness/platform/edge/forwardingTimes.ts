/**
 * How long the edge holds a packet: from werift handing over the decrypted packet to the
 * encrypted copy being handed to the socket, per forwarded packet, in a fixed histogram (10 µs
 * buckets up to 20 ms, then one overflow bucket), so a long call costs no more memory than a
 * short one. What it does not see: the wait in the socket and the event loop before werift reads
 * the datagram, and the SRTP decryption before the hand-over.
 */

/** bucket width, µs */
const BUCKET_US = 10;
/** buckets below the overflow one: 0–20 ms */
const BUCKETS = 2_000;

export interface ForwardingTimeSummary {
  /** packets measured */
  count: number;
  /** median, 99th percentile and largest hold time, µs (bucket upper bounds; max is exact) */
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export class ForwardingTimes {
  private readonly counts = new Uint32Array(BUCKETS + 1);
  private count = 0;
  private maxUs = 0;

  /** one packet held `us` microseconds */
  add(us: number): void {
    this.counts[Math.min(BUCKETS, Math.floor(us / BUCKET_US))]!++;
    this.count++;
    if (us > this.maxUs) this.maxUs = us;
  }

  summary(): ForwardingTimeSummary {
    return { count: this.count, p50Us: this.quantile(0.5), p99Us: this.quantile(0.99), maxUs: Math.round(this.maxUs) };
  }

  private quantile(q: number): number {
    if (!this.count) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i <= BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return i === BUCKETS ? Math.round(this.maxUs) : (i + 1) * BUCKET_US;
    }
    return Math.round(this.maxUs);
  }
}
