/**
 * Lets the relay's event loop read what already waits in its sockets before it answers a call
 * (a read of its counters, a change of an impairment). A datagram a peer sent over loopback is
 * in the relay socket's kernel buffer when the send returns, but the loop reads at most 32
 * datagrams per socket per turn, and may take the call before, or in the middle of, the
 * datagrams of its own turn. So the call waits for a whole turn of the loop in which no socket
 * had anything to read: every datagram sent before the call was made has then been through
 * the relay (offered, and dropped, delivered or queued as in flight) under the state before it.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** turns of the event loop a drain waits at most (each reads up to 32 datagrams per socket) */
const MAX_TURNS = 1000;
/** and at most this long, ms: under a flood that never pauses, the call is answered anyway */
const MAX_MS = 200;

/**
 * Resolves after the first full event-loop turn in which `datagramsReceived` did not move, or at
 * the bounds above.
 * @returns whether the sockets were found empty (false: a bound came first)
 */
export async function drainSockets(datagramsReceived: () => number): Promise<boolean> {
  const deadline = performance.now() + MAX_MS;
  // The rest of the current turn: a call taken in the poll phase reaches the check phase of
  // the same turn without another poll, so the first turn that counts starts after this.
  await nextTurn();
  let seen = datagramsReceived();
  for (let turn = 0; turn < MAX_TURNS && performance.now() < deadline; turn++) {
    // an immediate runs after the next poll phase, which read every socket that was readable
    await nextTurn();
    const now = datagramsReceived();
    if (now === seen) return true;
    seen = now;
  }
  return false;
}
