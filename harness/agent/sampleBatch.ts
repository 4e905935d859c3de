/**
 * Gathers an agent's stats samples into batches for the harness (runs in the agent: a page
 * or a Node peer). Each message to the harness costs far more than the sample it carries: the
 * page serializes a binding call, and the harness worker's Playwright client allocates an abort
 * signal, a parsed copy and a captured stack for the call and its reply. A soak hands samples
 * over every 5 s instead of every second, which saves the harness about 40 % of its CPU and
 * Chromium about a fifth of its own in a 10-call soak. A scenario run keeps one message
 * per sample (spanMs 0). Pure: the caller passes the clock.
 */
import type { AudioSample } from '../stats/audioSample.ts';

export class SampleBatch {
  private samples: AudioSample[] = [];
  /** when the batch's first sample was added, ms */
  private openedAtMs = 0;

  /** @param spanMs how long one batch may gather samples, ms; 0 = each sample is a batch of its own */
  constructor(private readonly spanMs: number) {}

  /** Adds a sample taken at `nowMs` (ms, any clock); returns the batch once it spans `spanMs`, else null. */
  add(sample: AudioSample, nowMs: number): AudioSample[] | null {
    if (this.samples.length === 0) this.openedAtMs = nowMs;
    this.samples.push(sample);
    return nowMs - this.openedAtMs >= this.spanMs ? this.take() : null;
  }

  /** Empties the batch: the samples it held, oldest first, or null when it held none. */
  take(): AudioSample[] | null {
    if (this.samples.length === 0) return null;
    const taken = this.samples;
    this.samples = [];
    return taken;
  }
}
