/**
 * Call permission requests waiting for the consumer's `call_permission_reply` webhook, by PSID.
 * Every wait is bounded: a consumer who never replies leaves the business not calling, not hung.
 */

/**
 * The permission status of a `GET /{page}/messenger_call_permissions` answer, in any of its
 * documented shapes (flat or under `data[]`, lower or upper case).
 * @param {any} body
 * @returns {boolean} whether the business may call now
 */
export function hasPermission(body) {
  const view = Array.isArray(body?.data) ? body.data[0] : body;
  return String(view?.permission?.status ?? '').toLowerCase() === 'has_permission';
}

export class PermissionWaits {
  /** @type {Map<string, (approved: boolean) => void>} */
  #waiting = new Map();

  /**
   * Starts waiting for `psid`'s reply (call before sending the request, so a fast reply is not missed).
   * @param {string} psid
   * @param {number} timeoutMs how long the reply may take
   * @returns {Promise<boolean | null>} true approved, false rejected, null no reply in time
   */
  wait(psid, timeoutMs) {
    this.#waiting.get(psid)?.(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(null), timeoutMs);
      /** @param {boolean | null} answer */
      const settle = (answer) => {
        clearTimeout(timer);
        if (this.#waiting.get(psid) === settle) this.#waiting.delete(psid);
        resolve(answer);
      };
      this.#waiting.set(psid, settle);
    });
  }

  /**
   * A reply webhook arrived (`sender.id` is the consumer). A reply nobody waits for is ignored.
   * @param {Record<string, any>} reply the entry or messaging item carrying `call_permission_reply`
   * @returns {boolean} whether a wait took it
   */
  settle(reply) {
    const psid = String(reply.sender?.id ?? '');
    const waiter = this.#waiting.get(psid);
    if (!waiter) return false;
    waiter(reply.call_permission_reply?.response === 'approve');
    return true;
  }

  /** Ends every wait with "no reply" (shutdown). */
  cancelAll() {
    for (const waiter of [...this.#waiting.values()]) waiter(false);
  }
}
