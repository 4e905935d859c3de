/**
 * The streaming soak checks of one peer of one call, fed together: each AudioSample once
 * (counters_monotonic, no_freeze, packet_rate_steady) and the relay's per-second deliveries
 * towards the peer (no_freeze). memory_slope is per process group, not per peer: see
 * MemorySlopeCheck. Every check keeps O(1) state, packet_rate_steady one number per minute.
 */
import type { CheckResult } from '../results/resultsTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import { CountersMonotonicCheck } from './checks/countersMonotonic.ts';
import type { DeliveredPoint } from './checks/inboundDelivered.ts';
import { NoFreezeCheck, type NoFreezeOptions } from './checks/noFreeze.ts';
import { PacketRateSteadyCheck, type PacketRateSteadyOptions } from './checks/packetRateSteady.ts';

export interface PeerSoakChecksOptions {
  /** the peer's name in messages: its role, e.g. `business` */
  peer: string;
  /** soak.no_freeze options (freezeMs, minDelivered, relayOriginMs) */
  freeze?: Omit<NoFreezeOptions, 'peer'>;
  /** soak.packet_rate_steady options (minRatio, minuteMs…) */
  rate?: Omit<PacketRateSteadyOptions, 'peer'>;
}

export class PeerSoakChecks {
  private readonly counters: CountersMonotonicCheck;
  private readonly freeze: NoFreezeCheck;
  private readonly rate: PacketRateSteadyCheck;

  constructor(options: PeerSoakChecksOptions) {
    this.counters = new CountersMonotonicCheck({ peer: options.peer });
    this.freeze = new NoFreezeCheck({ ...options.freeze, peer: options.peer });
    this.rate = new PacketRateSteadyCheck({ ...options.rate, peer: options.peer });
  }

  observeSample(sample: AudioSample): void {
    this.counters.observe(sample);
    this.freeze.observeSample(sample);
    this.rate.observe(sample);
  }

  /** one second of relay delivery towards this peer (see inboundDelivered) */
  observeDelivered(point: DeliveredPoint): void {
    this.freeze.observeDelivered(point);
  }

  /** the three verdicts; call once, at the end */
  results(): CheckResult[] {
    return [this.counters.result(), this.freeze.result(), this.rate.result()];
  }
}
