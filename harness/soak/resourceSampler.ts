/**
 * Every `periodMs` reads a process tree from /proc and reports the CPU and memory of the
 * browser's processes and of the harness's (treeUsage), plus any named gauges (e.g. the relay's
 * queue depth) and counters turned into rates (e.g. relayed packets → packets/s, endpoint
 * requests). Each sample goes to `onSample` and into a BucketSeriesGroup, so hours of samples
 * stay chartable in O(maxBuckets) memory. Node only, Linux only.
 *
 * Readings are chained with setTimeout (never overlapping, however slow /proc is) and the timer
 * is unref'd (the sampler never keeps a process alive). A failed reading is counted and kept in
 * `lastError`; the next one is tried as usual.
 */
import { BucketSeriesGroup } from './bucketSeriesGroup.ts';
import { readProcessTree, type ProcessTreeReading } from './processTree.ts';
import { treeUsage, type GroupUsage } from './treeUsage.ts';

export interface ResourceSample {
  /** when the reading was taken, ms since the Unix epoch */
  tMs: number;
  /** Chromium's processes (see treeUsage) */
  browser: GroupUsage;
  /** every other process of the tree: node (CLI, Playwright runner and workers, Node peers) */
  harness: GroupUsage;
  /** the team's integration's processes (external business mode; see treeUsage) */
  business?: GroupUsage;
  /** the harness's RSS by depth under the root, MB: [0] the root, [1] its children… (see treeUsage) */
  harnessRssByDepth_mb: number[];
  /** the gauges' and counters' values by name (counters: per second since the previous reading, null on the first or after a reset) */
  extra: Record<string, number | null>;
}

export interface ResourceSamplerOptions {
  /** root of the tree; default this process */
  rootPid?: number;
  /** external business mode: the root of the team's integration's processes (inside the tree), reported as `business.…`; default none */
  businessRootPid?: number;
  /** time between readings, ms; >= 100; default 5000 */
  periodMs?: number;
  /** procfs mount point; default '/proc' */
  procDir?: string;
  /** instantaneous values read at each sample, by series name with its unit (`relay.queue_packets`) */
  gauges?: Record<string, () => number>;
  /** cumulative values read at each sample and reported as Δ / Δt per second, by series name (`relay.delivered_per_s`) */
  counters?: Record<string, () => number>;
  /** where samples are kept downsampled; default a new group with 512 buckets of 5 s */
  series?: BucketSeriesGroup;
  /** called with every sample, after it was added to `series` */
  onSample?: (sample: ResourceSample) => void;
}

export class ResourceSampler {
  /** `browser.cpu_pct`, `browser.rss_mb`, `browser.processes`, `harness.…`, `business.…` (with businessRootPid), and the gauges' and counters' names */
  readonly series: BucketSeriesGroup;
  readonly periodMs: number;
  /** readings that failed (e.g. /proc unreadable) */
  failures = 0;
  lastError: Error | undefined;
  private readonly options: ResourceSamplerOptions;
  private previous: { reading: ProcessTreeReading; atMs: number; counters: Record<string, number> } | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** readings run one after another: `previous` is only ever the reading just before */
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(options: ResourceSamplerOptions = {}) {
    const periodMs = options.periodMs ?? 5000;
    if (!Number.isFinite(periodMs) || periodMs < 100) throw new RangeError(`ResourceSampler: periodMs must be >= 100, got ${periodMs}`);
    this.periodMs = periodMs;
    this.options = options;
    this.series = options.series ?? new BucketSeriesGroup({ initialBucketMs: periodMs });
  }

  /** takes one reading now and reports it (cpu_pct and counter rates are null on the very first) */
  async sample(): Promise<ResourceSample> {
    const run = this.queue.then(() => this.read());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** starts periodic readings: a baseline now, then one sample every periodMs */
  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      try {
        await this.sample();
      } catch (error) {
        this.failures++;
        this.lastError = error as Error;
      }
      if (this.running) this.schedule(tick);
    };
    void tick();
  }

  /** stops the readings; resolves when one in progress has finished */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.queue;
  }

  private schedule(tick: () => Promise<void>): void {
    this.timer = setTimeout(() => void tick(), this.periodMs);
    this.timer.unref();
  }

  private async read(): Promise<ResourceSample> {
    // the clocks are read where /proc/uptime is: at the start of the reading
    const atMs = performance.now();
    const tMs = Date.now();
    // synchronous (a few ms of /proc syscalls): see processTree.ts for why it allocates no read buffers
    const reading = readProcessTree(this.options.rootPid ?? process.pid, this.options.procDir);
    const previous = this.previous;
    const elapsedMs = previous ? atMs - previous.atMs : 0;
    const usage = treeUsage(previous?.reading, reading, elapsedMs, undefined, this.options.businessRootPid);
    const extra: Record<string, number | null> = {};
    for (const [name, gauge] of Object.entries(this.options.gauges ?? {})) extra[name] = finiteOrNull(gauge());
    const counters: Record<string, number> = {};
    for (const [name, counter] of Object.entries(this.options.counters ?? {})) {
      const now = counter();
      counters[name] = now;
      const then = previous?.counters[name];
      // a counter that went backwards was reset: no rate for this interval
      extra[name] = then !== undefined && elapsedMs > 0 && now >= then ? finiteOrNull(((now - then) / elapsedMs) * 1000) : null;
    }
    this.previous = { reading, atMs, counters };
    const sample: ResourceSample = { tMs, browser: usage.browser, harness: usage.harness, ...(usage.business ? { business: usage.business } : {}), harnessRssByDepth_mb: usage.harnessRssByDepth_mb, extra };
    this.series.push(tMs, {
      'browser.cpu_pct': usage.browser.cpu_pct,
      'browser.rss_mb': usage.browser.rss_mb,
      'browser.processes': usage.browser.processes,
      'harness.cpu_pct': usage.harness.cpu_pct,
      'harness.rss_mb': usage.harness.rss_mb,
      'harness.processes': usage.harness.processes,
      ...(usage.business ? { 'business.cpu_pct': usage.business.cpu_pct, 'business.rss_mb': usage.business.rss_mb, 'business.processes': usage.business.processes } : {}),
      ...extra,
    });
    this.options.onSample?.(sample);
    return sample;
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
