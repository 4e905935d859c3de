/**
 * The `soak` section of a soak run's results.json (`callsoak soak`): what was asked, how long
 * it ran, the run-level soak checks and the resource series, downsampled so a run of any
 * length stays a bounded document. Per-call soak checks are in each call's `checks`.
 */
import type { CheckResult } from './resultsTypes.ts';

/** Resource series names, units in the name. */
export const SOAK_SERIES = [
  'browser.cpu_pct',
  'browser.rss_mb',
  'harness.cpu_pct',
  'harness.rss_mb',
  /** the harness's RSS by process: the CLI, Playwright's runner, its workers, the workers' Node peers (harness/soak/soakMonitor.ts) */
  'harness.cli.rss_mb',
  'harness.runner.rss_mb',
  'harness.workers.rss_mb',
  'harness.peers.rss_mb',
  'browser.processes',
  'harness.processes',
  /** external business mode: the team's integration's process tree (its command's shell and everything below it) */
  'business.cpu_pct',
  'business.rss_mb',
  'business.processes',
  'relay.packets_per_s',
  'relay.queue_packets',
  'relay.allocations',
  'endpoint.latency_ms',
  'calls.active',
] as const;
export type SoakSeriesName = (typeof SOAK_SERIES)[number];

export interface SoakResults {
  /** the duration asked for, seconds */
  durationS: number;
  /** how long the soak held calls, seconds (less than durationS when interrupted) */
  elapsedS: number;
  /** concurrent calls held */
  concurrentCalls: number;
  /** a call ends and the next starts this often, seconds; absent = each call lasts the whole soak */
  churnS?: number;
  /** scenario ids each slot cycles through, call after call */
  cycle: string[];
  /** network profiles applied in turn to every call's legs, and how often, seconds */
  rotation?: { profiles: string[]; everyS: number };
  /** Playwright workers the calls were spread over */
  workers: number;
  /** whether Chromium participants shared pages ('shared') or had one each ('own'); absent in runs before the option */
  pages?: 'shared' | 'own';
  /**
   * What the workers' memory ran with: their Node flags (`process.execArgv`) and malloc
   * environment, e.g. `--min-semi-space-size=16`, `MALLOC_ARENA_MAX=1` (harness/soak/soakWorkerMemory.ts).
   * Memory numbers of runs with different settings are not comparable. Absent in runs before the field.
   */
  workerMemorySettings?: string[];
  /** calls started and calls that finished (reported), over the whole soak */
  callsStarted: number;
  callsFinished: number;
  /** the first signal asked every call to end properly; `forced`: a second signal cut the run short */
  stop?: { signal: string; atS: number; forced: boolean };
  /** run-level soak checks (memory slope of the harness and the browser, …) */
  checks: CheckResult[];
  /** resource series over the run, min/max/mean per bucket; time axis ms since the Unix epoch */
  series: Partial<Record<SoakSeriesName, Bucket[]>>;
}

/** one slot of the series: the statistics of every raw point that fell into it */
export interface Bucket {
  /** start of the slot (inclusive), ms on the caller's axis */
  startMs: number;
  /** end of the slot (exclusive), ms on the caller's axis; startMs + the current bucket width */
  endMs: number;
  /** raw points in the slot */
  count: number;
  /** smallest raw value, the series' unit */
  min: number;
  /** largest raw value, the series' unit */
  max: number;
  /** arithmetic mean of the raw values, the series' unit */
  mean: number;
}
