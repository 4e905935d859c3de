/**
 * One time-ordered queue for every delayed or held packet of the relay (a binary min-heap on
 * (due time, insertion order)), so a single timer serves all of them instead of one
 * setTimeout per packet. Pure: the I/O layer arms its timer from `nextDueMs()` and calls
 * `runDue(now)`.
 */

/** a packet waiting for its delivery time; `release` sends it */
export interface ScheduledPacket {
  atMs: number;
  seq: number;
  release(entry: ScheduledPacket, nowMs: number): void;
}

export class DeliveryScheduler {
  private readonly heap: ScheduledPacket[] = [];
  private seq = 0;
  /** called when the earliest due time moves earlier (the layer re-arms its timer) */
  onEarlier: ((atMs: number) => void) | null = null;

  get size(): number {
    return this.heap.length;
  }

  /** due time of the earliest packet, or Infinity */
  nextDueMs(): number {
    return this.heap.length > 0 ? this.heap[0]!.atMs : Infinity;
  }

  push(entry: ScheduledPacket): void {
    entry.seq = this.seq++;
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
    if (i === 0) this.onEarlier?.(entry.atMs);
  }

  /** releases every packet due at or before `nowMs` (+ `toleranceMs`), in due order; returns how many */
  runDue(nowMs: number, toleranceMs = 0): number {
    let released = 0;
    const limit = nowMs + toleranceMs;
    while (this.heap.length > 0 && this.heap[0]!.atMs <= limit) {
      const entry = this.pop();
      entry.release(entry, nowMs);
      released++;
    }
    return released;
  }

  /** drops every entry matching `predicate` without releasing it; returns how many */
  discard(predicate: (entry: ScheduledPacket) => boolean): number {
    const kept = this.heap.filter((entry) => !predicate(entry));
    const removed = this.heap.length - kept.length;
    if (removed === 0) return 0;
    this.heap.length = 0;
    for (const entry of kept.sort((a, b) => (before(a, b) ? -1 : 1))) this.heap.push(entry);
    return removed;
  }

  private pop(): ScheduledPacket {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= n) break;
        const right = left + 1;
        const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: ScheduledPacket, b: ScheduledPacket): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
