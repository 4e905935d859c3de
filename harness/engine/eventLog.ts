/**
 * Events a peer reported, in order, with waits that fail with a message saying what did
 * not happen within how long (node side).
 */
type Of<E, T> = Extract<E, { type: T }>;

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

  /** The first event of `type` (that also satisfies `match`, when given). */
  find<T extends E['type']>(type: T, match?: (e: Of<E, T>) => boolean): Of<E, T> | undefined {
    return this.events.find((e) => e.type === type && (!match || match(e as Of<E, T>))) as Of<E, T> | undefined;
  }

  /**
   * Resolves with the first event of `type` (already seen or still to come).
   * @param timeoutMs how long to wait, ms
   * @param who names the waiter in the error, e.g. "business"
   */
  waitFor<T extends E['type']>(type: T, timeoutMs: number, who: string, match?: (e: Of<E, T>) => boolean): Promise<Of<E, T>> {
    const seen = this.find(type, match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: (e: E) => e.type === type && (!match || match(e as Of<E, T>)),
        resolve: (e: E) => {
          clearTimeout(timer);
          resolve(e as Of<E, T>);
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
