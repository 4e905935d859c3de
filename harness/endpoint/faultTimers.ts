/**
 * The timers of injected faults on a Graph server (a held request, a delayed answer, a delayed
 * webhook): each forgets itself once it fired, and clear() cancels those still pending, so no
 * fault outlives its server. The call_metrics handler's and the platform's (harness/platform).
 */
import type { Socket } from 'node:net';

export class FaultTimers {
  readonly #pending = new Set<NodeJS.Timeout>();

  /** runs `fn` after `ms` (ms), unless cleared first */
  later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#pending.delete(t);
      fn();
    }, ms);
    this.#pending.add(t);
    return t;
  }

  /** holds a request without an answer until the client gives up (its socket closes) or `ms` (ms) pass, then drops the socket */
  holdSocket(socket: Socket, ms: number): void {
    const hold = this.later(ms, () => socket.destroy());
    socket.once('close', () => {
      clearTimeout(hold);
      this.#pending.delete(hold);
    });
  }

  /** cancels every pending timer */
  clear(): void {
    for (const t of this.#pending) clearTimeout(t);
    this.#pending.clear();
  }
}
