/**
 * Watches a soak's resources from the Playwright runner process (node side): CPU and RSS of
 * the whole process tree under the CLI — Chromium's processes and the harness's (CLI, runner,
 * workers, Node peers) — and, under external business mode, the team's integration's; and the
 * memory slope checks. Writes what it has to the run directory
 * every minute, so a soak cut short by a second signal still has its resource charts.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckResult } from '../results/resultsTypes.ts';
import type { Bucket } from './bucketSeries.ts';
import { BucketSeriesGroup } from './bucketSeriesGroup.ts';
import { MemorySlopeCheck, signedMbPerHour } from './checks/memorySlope.ts';
import { ResourceSampler } from './resourceSampler.ts';
import { SOAK_FILES, type SoakPlan } from '../plan/soakPlan.ts';
import type { SoakSeriesName } from '../results/soakTypes.ts';

/** between resource readings, ms */
const SAMPLE_MS = 5000;
/** between writes of the resources file, ms */
const FLUSH_MS = 60_000;
/**
 * readings left out of the memory slope, ms; 15 min. The harness's RSS climbs for the first
 * 10–15 minutes of a soak while V8's heaps and Chromium's caches settle, then stays flat; a
 * slope that included that climb would call a settling process a leak.
 */
const MEMORY_WARMUP_MS = 15 * 60_000;

/**
 * The harness's processes by their depth under the CLI (the tree's root): the CLI, Playwright's
 * runner (its child), the runner's workers, and what the workers start (Node peers; last part:
 * every depth from 3 on). When the harness's slope is judged, each part's is reported with it,
 * so a failing check says which process grew.
 */
const HARNESS_PARTS: readonly { series: SoakSeriesName; label: string }[] = [
  { series: 'harness.cli.rss_mb', label: 'CLI' },
  { series: 'harness.runner.rss_mb', label: 'runner' },
  { series: 'harness.workers.rss_mb', label: 'workers' },
  { series: 'harness.peers.rss_mb', label: 'Node peers' },
];

/** What the monitor found: written to soak/resources.json, read back by a forced stop. */
export interface SoakResources {
  series: Record<string, Bucket[]>;
  checks: CheckResult[];
}

export class SoakMonitor {
  private readonly series: BucketSeriesGroup;
  private readonly sampler: ResourceSampler;
  private readonly harnessSlope: MemorySlopeCheck;
  private readonly browserSlope: MemorySlopeCheck;
  /** the team's integration's memory (external business mode) */
  private readonly businessSlope: MemorySlopeCheck | undefined;
  private readonly partSlopes: MemorySlopeCheck[];
  private flushTimer: NodeJS.Timeout | undefined;

  /**
   * @param rootPid the CLI's process: the tree under it is the whole soak
   * @param businessRootPid external business mode: the shell running the team's --business-command (inside that tree)
   */
  constructor(
    private readonly runDir: string,
    plan: SoakPlan,
    rootPid: number,
    businessRootPid?: number,
  ) {
    this.series = new BucketSeriesGroup({ originMs: plan.startedAtMs, initialBucketMs: SAMPLE_MS });
    this.harnessSlope = new MemorySlopeCheck({ subject: 'harness', maxSlopeMbPerHour: plan.maxMemorySlopeMbPerH, warmupMs: MEMORY_WARMUP_MS });
    // The browser's memory follows the calls it holds (contexts come and go with churn): reported, judged only as a warning.
    this.browserSlope = new MemorySlopeCheck({ subject: 'browser', maxSlopeMbPerHour: plan.maxMemorySlopeMbPerH * 20, warmupMs: MEMORY_WARMUP_MS });
    // A team's integration that leaks fails its soak like the harness would: that is what the soak is for.
    this.businessSlope = businessRootPid === undefined ? undefined : new MemorySlopeCheck({ subject: 'your integration', maxSlopeMbPerHour: plan.maxMemorySlopeMbPerH, warmupMs: MEMORY_WARMUP_MS });
    this.partSlopes = HARNESS_PARTS.map((part) => new MemorySlopeCheck({ subject: part.label, warmupMs: MEMORY_WARMUP_MS }));
    this.sampler = new ResourceSampler({
      rootPid,
      ...(businessRootPid === undefined ? {} : { businessRootPid }),
      periodMs: SAMPLE_MS,
      series: this.series,
      onSample: (sample) => {
        this.harnessSlope.observe(sample.tMs, sample.harness.rss_mb);
        const byDepth = sample.harnessRssByDepth_mb;
        // only while the CLI is there: without it the depths mean nothing
        if (byDepth.length > 0) {
          const parts = HARNESS_PARTS.map((_, i) => (i < HARNESS_PARTS.length - 1 ? (byDepth[i] ?? 0) : byDepth.slice(i).reduce((a, b) => a + b, 0)));
          this.series.push(sample.tMs, Object.fromEntries(HARNESS_PARTS.map((part, i) => [part.series, parts[i]])));
          parts.forEach((mb, i) => this.partSlopes[i]!.observe(sample.tMs, mb));
        }
        if (sample.browser.processes > 0) this.browserSlope.observe(sample.tMs, sample.browser.rss_mb);
        if (sample.business && sample.business.processes > 0) this.businessSlope?.observe(sample.tMs, sample.business.rss_mb);
      },
    });
  }

  start(): void {
    this.sampler.start();
    this.flushTimer = setInterval(() => this.flush(), FLUSH_MS);
    this.flushTimer.unref();
  }

  snapshot(): SoakResources {
    return { series: this.series.toJSON(), checks: this.checks() };
  }

  /** the memory slope checks as they stand */
  private checks(): CheckResult[] {
    const slopes = this.partSlopes.map((check, i) => ({ label: HARNESS_PARTS[i]!.label, slope: check.slopeMbPerHour() }));
    const detail = slopes.every((p) => p.slope !== undefined) ? `; by process: ${slopes.map((p) => `${p.label} ${signedMbPerHour(p.slope!)}`).join(', ')} MB/h` : '';
    const harness = { ...this.harnessSlope.result(detail), id: 'soak.memory_slope.harness' };
    const browser = { ...this.browserSlope.result(), id: 'soak.memory_slope.browser', severity: 'warning' as const };
    const business = this.businessSlope ? [{ ...this.businessSlope.result(), id: 'soak.memory_slope.business' }] : [];
    return [harness, browser, ...business];
  }

  /**
   * Writes soak/resources.json (what snapshot() returns) one series at a time. Why not
   * JSON.stringify(snapshot()): that holds every series' slots as objects at once, and the
   * runner's young generation is ~1 MB (it allocates slowly), so they would be promoted to the
   * old generation and stay resident until the next full collection, a minute later. That
   * garbage grows with the series, to ~1.4 MB per flush at 512 slots, against a few kB written
   * series by series — enough to show as an RSS slope of the runner (a few MB/h) while its live
   * heap stays level.
   */
  private flush(checks: CheckResult[] = this.checks()): void {
    const path = join(this.runDir, SOAK_FILES.resources);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(`${path}.tmp`, 'w');
    try {
      writeSync(fd, '{"series":{');
      this.series.names().forEach((name, i) => writeSync(fd, `${i > 0 ? ',' : ''}${JSON.stringify(name)}:${JSON.stringify(this.series.buckets(name))}`));
      writeSync(fd, `},"checks":${JSON.stringify(checks)}}`);
    } finally {
      closeSync(fd);
    }
    renameSync(`${path}.tmp`, path);
  }

  async stop(): Promise<SoakResources> {
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.sampler.stop();
    // one regression per check: the file and the returned results say the same
    const checks = this.checks();
    this.flush(checks);
    return { series: this.series.toJSON(), checks };
  }
}
