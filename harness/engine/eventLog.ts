/**
 * Events a peer reported, in order, with waits that fail with a message saying what did
 * not happen within how long (node side).
 */
export class EventLog<E extends { type: string }> {
  readonly events: E[] = [];
  private waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];

  push(event: E): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  find<T extends E['type']>(type: T): Extract<E, { type: T }> | undefined {
    return this.events.find((e) => e.type === type) as Extract<E, { type: T }> | undefined;
  }

  /**
   * Resolves with the first event of `type` (already seen or still to come).
   * @param timeoutMs how long to wait, ms
   * @param who names the waiter in the error, e.g. "business"
   */
  waitFor<T extends E['type']>(type: T, timeoutMs: number, who: string): Promise<Extract<E, { type: T }>> {
    const seen = this.find(type);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: (e: E) => e.type === type,
        resolve: (e: E) => {
          clearTimeout(timer);
          resolve(e as Extract<E, { type: T }>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${who}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
