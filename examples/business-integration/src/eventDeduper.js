/**
 * Meta retries a webhook it thinks failed, with the same bytes, so the same event can arrive
 * twice. Each event gets an identity from what it says (call, event, timestamp, and the
 * media_update version or call_status value); an identity seen before is a duplicate.
 */

/** identities remembered at most; the oldest are forgotten first */
const MAX_REMEMBERED = 10_000;

export class EventDeduper {
  /** @type {Set<string>} */
  #seen = new Set();

  /**
   * @param {Record<string, any>} event one element of `entry[].calls[]`
   * @returns {boolean} true the first time this event is seen
   */
  firstTime(event) {
    const identity = [event.id, event.event, event.timestamp, event.session?.version ?? '', event.call_status ?? ''].join('|');
    if (this.#seen.has(identity)) return false;
    this.#seen.add(identity);
    if (this.#seen.size > MAX_REMEMBERED) this.#seen.delete(/** @type {string} */ (this.#seen.values().next().value));
    return true;
  }
}
