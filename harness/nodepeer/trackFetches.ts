/**
 * Counts the HTTP requests in flight from this Node peer process, so a peer that is stopping
 * lets its submissions finish — as a server would on shutdown — instead of cutting them off
 * (a page hands its last body to sendBeacon instead; a process has no beacon).
 */

export interface FetchTracker {
  /** resolves when no request is in flight, or after `timeoutMs` */
  settled(timeoutMs: number): Promise<void>;
}

export function trackFetches(): FetchTracker {
  const original = globalThis.fetch;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    inFlight++;
    try {
      return await original(...args);
    } finally {
      inFlight--;
      if (inFlight === 0) wake?.();
    }
  };
  return {
    settled(timeoutMs) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
