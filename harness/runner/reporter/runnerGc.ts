/**
 * A full garbage collection of the runner's heap on a schedule, during a soak (Playwright's
 * runner process, which hosts the soak's resource monitor and carries no media).
 *
 * Why: the runner allocates slowly, and V8 sizes its young generation down to under 1 MB for
 * that, so whatever lives a few seconds (a resource reading, the minute's snapshot) is promoted
 * to the old generation. V8 collects the old generation when it reaches its limit, which at this
 * rate is hours away: over a one-hour soak the runner's old generation gains ~3 MB with no full
 * collection, a rise the memory-slope check cannot tell from a leak. One full collection a minute keeps the runner's
 * heap at its live size for tens of ms of a process that waits on its workers.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** between full collections, ms */
export const RUNNER_GC_EVERY_MS = 60_000;

/**
 * Starts the collections (an unref'd timer: it never keeps the process alive); returns the stop.
 * V8's `gc` is exposed to a fresh context only, so nothing else in the process sees it.
 */
export function collectGarbagePeriodically(everyMs = RUNNER_GC_EVERY_MS): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const timer = setInterval(gc, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
