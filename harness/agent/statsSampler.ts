/**
 * Samples getStats() on a fixed period and hands each AudioSample on (runs in the page).
 * A sample that is still being taken when the next tick comes is not overlapped: the tick
 * is skipped, so a slow getStats under load lowers the rate instead of piling up calls.
 */
import { audioSampleOf, statsToArray } from '../stats/extractAudioSample.ts';
import type { AudioSample } from '../stats/audioSample.ts';

export class StatsSampler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private busy = false;
  /** the newest full report as plain objects: what a page that is going away can still use */
  latest: Record<string, unknown>[] = [];

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly callStartMs: number,
    private readonly onSample: (sample: AudioSample) => void,
  ) {}

  /** @param periodMs sampling period, ms */
  start(periodMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.tick(), periodMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.busy || this.pc.connectionState === 'closed') return;
    this.busy = true;
    try {
      this.latest = statsToArray(await this.pc.getStats());
      this.onSample(audioSampleOf(this.latest, this.callStartMs, Date.now()));
    } catch {
      // the connection closed between the check and getStats: nothing to sample
    } finally {
      this.busy = false;
    }
  }
}
