/**
 * The soak part of a run plan (`callsoak soak`): resolved from SoakOptions by the CLI, read by
 * the soak spec in the Playwright workers and by the results reporter.
 */

export interface SoakPlan {
  /** how long to hold calls, seconds */
  durationS: number;
  /** concurrent calls (call slots) */
  calls: number;
  /** Playwright workers; slot s runs in group s % workers */
  workers: number;
  /** a call ends and the next starts this often in each slot, seconds; absent = one call per slot for the whole soak */
  churnS?: number;
  /** scenario ids each slot runs in turn */
  cycle: string[];
  /** network profiles applied in turn to every call's legs, and how often, seconds */
  rotation?: { profiles: string[]; everyS: number };
  /** 'shared': a worker's Chromium participants share pages (engine/sharedAgentPages.ts); 'own': a page each */
  pages: 'shared' | 'own';
  /** samples per peer kept in memory; older ones are only on disk (soak/samples/) */
  sampleWindow: number;
  /** largest harness RSS growth accepted, MB per hour */
  maxMemorySlopeMbPerH: number;
  /** when the soak started, ms since the Unix epoch (the deadline counts from here) */
  startedAtMs: number;
}

/** samples per participant a soak keeps in memory (two minutes at the default 1 s period); the rest is on disk */
export const SOAK_SAMPLE_WINDOW = 120;

/** Files of a soak run directory, relative to it. */
export const SOAK_FILES = {
  /** written by the CLI on the first SIGINT/SIGTERM: {signal, atMs}; every slot ends its call and stops */
  stop: 'soak/stop.json',
  /** one JSON file per finished call, the call in full: `s001-c0042.json` is slot 1's 42nd call */
  callsDir: 'soak/calls',
  /** the same calls summarized (harness/metrics/summarizeCall.ts), same file names: what results.json lists above 50 calls */
  summariesDir: 'soak/summaries',
  /** every sample of every peer, NDJSON per call and role */
  samplesDir: 'soak/samples',
  /** per worker, one line every few seconds: relay counters, active calls */
  telemetryDir: 'soak/telemetry',
  /** the resource sampler's buckets, flushed every minute so a forced stop still has them */
  resources: 'soak/resources.json',
} as const;
