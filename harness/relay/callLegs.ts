/**
 * Per-call state of the relay: when the call started (its credentials were created), the
 * four leg-direction pipelines (created on first use), and per-role control counters.
 */
import type { DeliveryScheduler } from './core/deliveryScheduler.ts';
import { LegPipeline } from './core/legPipeline.ts';
import type { SendFn } from './core/legPipeline.ts';
import { deriveSeed, hashString } from '../random/seededRandom.ts';
import type { Direction, LegControlCounters, LegGroundTruth, Role } from './core/groundTruthTypes.ts';
import type { Impairment } from './impairmentSchema.ts';

const ROLE_CODE: Record<Role, number> = { consumer: 0, business: 1 };
const DIRECTION_CODE: Record<Direction, number> = { up: 0, down: 1 };

export class CallLegs {
  /** per-second series keep the newest this many seconds (set before the first packet); default 10 h */
  seriesWindowSeconds: number | undefined;
  /** a label for printing (the standalone relay's client address) */
  label: string;
  /** for a shared user's per-allocation leg (`<callId>-<n>`): the user's call id; endCall of it ends this leg too */
  parentCallId: string | null = null;
  private readonly pipelines = new Map<string, LegPipeline>();
  private readonly control = new Map<Role, LegControlCounters>();
  private readonly seed: number;

  constructor(
    readonly callId: string,
    /** clock ms the call started (its first credentials or allocation) */
    readonly originMs: number,
    runSeed: number,
    private readonly scheduler: DeliveryScheduler,
    private readonly sendUp: SendFn,
    private readonly sendDown: SendFn,
    /** what the call's random streams derive from with the run seed; default the call id. A
     *  stable key (scenario and repetition) makes a rerun with the same seed drop the same packets. */
    seedKey: string = callId,
  ) {
    this.label = callId;
    // each call derives its own streams from (run seed, key), so calls do not disturb each other
    this.seed = deriveSeed(runSeed, hashString(seedKey));
  }

  pipeline(role: Role, direction: Direction): LegPipeline {
    const key = `${role}:${direction}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = new LegPipeline({
        callId: this.callId,
        role,
        direction,
        seed: deriveSeed(this.seed, ROLE_CODE[role], DIRECTION_CODE[direction]),
        seriesOriginMs: this.originMs,
        ...(this.seriesWindowSeconds !== undefined ? { seriesWindowSeconds: this.seriesWindowSeconds } : {}),
        scheduler: this.scheduler,
        send: direction === 'up' ? this.sendUp : this.sendDown,
      });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  setImpairment(role: Role, direction: Direction, impairment: Impairment, nowMs: number): void {
    this.pipeline(role, direction).setImpairment(impairment, nowMs);
  }

  controlCounters(role: Role): LegControlCounters {
    let counters = this.control.get(role);
    if (!counters) this.control.set(role, (counters = { callId: this.callId, role, malformed: 0, controlDropped: 0, allocations: 0 }));
    return counters;
  }

  groundTruth(): LegGroundTruth[] {
    const order = ['consumer:up', 'consumer:down', 'business:up', 'business:down'];
    return order.flatMap((key) => this.pipelines.get(key)?.snapshot() ?? []);
  }

  allControlCounters(): LegControlCounters[] {
    return [...this.control.values()].map((counters) => ({
      ...counters,
      controlDropped: (this.pipelines.get(`${counters.role}:up`)?.controlDropped ?? 0) + (this.pipelines.get(`${counters.role}:down`)?.controlDropped ?? 0),
    }));
  }

  discardPending(): void {
    for (const pipeline of this.pipelines.values()) pipeline.discardPending();
  }
}
