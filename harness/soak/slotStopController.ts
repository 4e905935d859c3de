/**
 * The stop of a soak's call slots (node side): one AbortController whose signal every slot of
 * a worker listens to (soak/soakSlot.ts adds one 'abort' listener per slot for its current
 * call). Node warns "Possible EventTarget memory leak detected" past 10 listeners on one
 * signal, which a soak of more than 10 slots per worker would print on every run — a leak
 * warning in the output of a tool that checks for leaks. The listeners are bounded by the
 * slot count, so the limit is raised to that bound instead; a listener that were really
 * leaked (one per call, not per slot) would still pass it and be warned about.
 */
import { setMaxListeners } from 'node:events';

/** listeners on the signal besides the slots' own (the caller's deadline, the runtime's) */
const OTHER_LISTENERS = 10;

/** @param slots call slots that share the signal */
export function slotStopController(slots: number): AbortController {
  const controller = new AbortController();
  setMaxListeners(slots + OTHER_LISTENERS, controller.signal);
  return controller;
}
