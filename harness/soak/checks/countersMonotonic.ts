/**
 * soak.counters_monotonic — a peer's cumulative getStats counters never decrease over a soak.
 * Streaming: each sample is seen once; the state is the last value of each counter.
 *
 * A new SSRC is a new stream whose counters start again from 0, so an SSRC change (inbound,
 * outbound or remoteInbound `ssrc`) restarts the comparison instead of failing it.
 * `packetsLost` is exempt: webrtc-stats defines it as expected − received, which goes DOWN when
 * duplicates arrive, so a decrease is legal. `jitter`, `audioLevel`, `roundTripTime` and
 * `fractionLost` are current values, not counters. A report missing from a sample (a missed
 * read) is skipped, not treated as zero.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { AudioSample } from '../../stats/audioSample.ts';

/** the cumulative counters checked, per report of AudioSample */
export const MONOTONIC_COUNTERS = {
  inbound: [
    'packetsReceived',
    'bytesReceived',
    'totalSamplesReceived',
    'concealedSamples',
    'silentConcealedSamples',
    'concealmentEvents',
    'jitterBufferEmittedCount',
    'jitterBufferDelay',
    'totalSamplesDuration',
    'packetsDiscarded',
    'totalAudioEnergy',
  ],
  outbound: ['packetsSent', 'bytesSent'],
  remoteInbound: ['totalRoundTripTime', 'roundTripTimeMeasurements'],
} as const;

type Report = keyof typeof MONOTONIC_COUNTERS;
const REPORTS = Object.keys(MONOTONIC_COUNTERS) as Report[];

export interface CountersMonotonicOptions {
  /** the peer's name in messages, e.g. `business` */
  peer: string;
  /** decreases quoted in the message; the rest are counted; default 10 */
  maxQuoted?: number;
}

export class CountersMonotonicCheck {
  private readonly peer: string;
  private readonly maxQuoted: number;
  private readonly last = new Map<Report, { ssrc: number | undefined; values: Map<string, number> }>();
  private samples = 0;
  private ssrcChanges = 0;
  private decreases = 0;
  private readonly quoted: string[] = [];

  constructor(options: CountersMonotonicOptions) {
    this.peer = options.peer;
    this.maxQuoted = options.maxQuoted ?? 10;
  }

  observe(sample: AudioSample): void {
    this.samples++;
    for (const report of REPORTS) {
      const now = sample[report] as (Record<string, unknown> & { ssrc?: number }) | undefined;
      if (!now) continue;
      let state = this.last.get(report);
      if (!state || (state.ssrc !== undefined && now.ssrc !== undefined && state.ssrc !== now.ssrc)) {
        if (state) this.ssrcChanges++;
        state = { ssrc: now.ssrc, values: new Map() };
        this.last.set(report, state);
      }
      state.ssrc ??= now.ssrc;
      for (const counter of MONOTONIC_COUNTERS[report]) {
        const value = now[counter];
        if (typeof value !== 'number' || !Number.isFinite(value)) continue;
        const before = state.values.get(counter);
        if (before !== undefined && value < before) {
          this.decreases++;
          if (this.quoted.length < this.maxQuoted) this.quoted.push(`${this.peer} ${report} ${counter} fell from ${before} to ${value} at t=${sample.t.toFixed(1)} s`);
        }
        // compare the next sample with this one: one reset is reported once, not at every later sample
        state.values.set(counter, value);
      }
    }
  }

  result(): CheckResult {
    const restarts = this.ssrcChanges === 0 ? '' : `; ${this.ssrcChanges} SSRC change(s) restarted the counters`;
    if (this.decreases === 0) {
      return {
        id: 'soak.counters_monotonic',
        ok: true,
        severity: 'error',
        message: `${this.peer}: cumulative counters never decreased over ${this.samples} samples${restarts} (packetsLost is exempt: it falls when duplicates arrive)`,
      };
    }
    const more = this.decreases > this.quoted.length ? ` (and ${this.decreases - this.quoted.length} more)` : '';
    return { id: 'soak.counters_monotonic', ok: false, severity: 'error', message: `${this.quoted.join('; ')}${more}` };
  }
}
