/**
 * What stalls a process's one thread while a benchmark runs: garbage-collection pauses and
 * event-loop delay, read from Node's own performance hooks.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface Stalls {
  gcCount: number;
  /** ms */
  gcTotalMs: number;
  /** ms */
  gcMaxMs: number;
  /** ms */
  loopDelayP99Ms: number;
  /** ms */
  loopDelayMaxMs: number;
}

export function watchStalls(): { stop: () => Stalls } {
  const gcPauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcPauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  return {
    stop: () => {
      observer.disconnect();
      loopDelay.disable();
      return {
        gcCount: gcPauses.length,
        gcTotalMs: gcPauses.reduce((a, b) => a + b, 0),
        gcMaxMs: Math.max(0, ...gcPauses),
        loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
        loopDelayMaxMs: loopDelay.max / 1e6,
      };
    },
  };
}
