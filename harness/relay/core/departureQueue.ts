/**
 * Departure times and sizes of packets in a rate-limited link's queue (FIFO), to know its
 * occupancy in packets and bytes at any time without a timer.
 */
export class DepartureQueue {
  private times: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  /** packets queued or being serialised */
  count = 0;
  /** their bytes */
  bytes = 0;

  push(departureMs: number, sizeBytes: number): void {
    this.times.push(departureMs);
    this.sizes.push(sizeBytes);
    this.count++;
    this.bytes += sizeBytes;
  }

  /** removes packets that have left the link by `tMs` */
  drainUntil(tMs: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= tMs) {
      this.bytes -= this.sizes[this.head]!;
      this.head++;
      this.count--;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
  }
}
