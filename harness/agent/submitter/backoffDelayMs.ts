/**
 * Capped exponential backoff with full jitter: the wait before retry N is uniform in
 * [0, min(maxDelayMs, baseDelayMs · 2^(N-1))). Full jitter spreads the retries of many
 * clients that failed together (a 503 burst, a throttling window) instead of re-synchronising them.
 */

/**
 * @param retry 1 for the wait before the 2nd attempt, 2 before the 3rd, …
 * @param baseDelayMs first cap, ms
 * @param maxDelayMs largest cap, ms
 * @param random uniform in [0, 1)
 * @returns the wait, ms
 */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}
