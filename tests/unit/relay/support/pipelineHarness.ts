/**
 * Runs one leg direction's pipeline on a manual clock: packets go in at chosen times, and
 * every delivery is recorded with the time it left.
 */
import { DeliveryScheduler } from '../../../../harness/relay/core/deliveryScheduler.ts';
import { LegPipeline } from '../../../../harness/relay/core/legPipeline.ts';
import { deriveSeed } from '../../../../harness/random/seededRandom.ts';
import type { Impairment } from '../../../../harness/relay/impairmentSchema.ts';

export interface Delivery {
  tMs: number;
  ssrc: number;
  seq: number;
  /** the send time the test wrote into the payload */
  sentMs: number;
}

/** an RTP packet: version 2, payload type 111, with the send time in the payload */
export function rtpPacket(ssrc: number, seq: number, sentMs = 0, payloadBytes = 20): Buffer {
  const packet = Buffer.alloc(12 + Math.max(8, payloadBytes));
  packet[0] = 0x80;
  packet[1] = 111;
  packet.writeUInt16BE(seq & 0xffff, 2);
  packet.writeUInt32BE((seq * 960) >>> 0, 4);
  packet.writeUInt32BE(ssrc >>> 0, 8);
  packet.writeDoubleBE(sentMs, 12);
  return packet;
}

export class PipelineRig {
  readonly scheduler = new DeliveryScheduler();
  readonly deliveries: Delivery[] = [];
  readonly pipeline: LegPipeline;
  now = 0;

  constructor(impairment: Impairment, seed = 1234, callId = 'call-a') {
    this.pipeline = new LegPipeline({
      callId,
      role: 'consumer',
      direction: 'up',
      seed: deriveSeed(seed, 7),
      seriesOriginMs: 0,
      originMs: 0,
      impairment,
      scheduler: this.scheduler,
      send: (data) => {
        this.deliveries.push({ tMs: this.now, ssrc: data.readUInt32BE(8), seq: data.readUInt16BE(2), sentMs: data.readDoubleBE(12) });
      },
    });
  }

  /** advance the clock to `tMs`, releasing due packets on the way in due order */
  advance(tMs: number): void {
    for (;;) {
      const next = this.scheduler.nextDueMs();
      if (next > tMs) break;
      this.now = Math.max(this.now, next);
      this.scheduler.runDue(this.now);
    }
    this.now = Math.max(this.now, tMs);
  }

  offer(packet: Buffer, tMs: number): void {
    this.advance(tMs);
    this.pipeline.offer(packet, 0, null, '127.0.0.1', 9, this.now);
  }

  /** offers `count` packets of one flow every `intervalMs`, starting at `startMs` with sequence `firstSeq` */
  stream(ssrc: number, count: number, options: { firstSeq?: number; startMs?: number; intervalMs?: number; payloadBytes?: number } = {}): void {
    const { firstSeq = 0, startMs = this.now, intervalMs = 20, payloadBytes = 20 } = options;
    for (let i = 0; i < count; i++) {
      const t = startMs + i * intervalMs;
      this.offer(rtpPacket(ssrc, firstSeq + i, t, payloadBytes), t);
    }
  }

  finish(): void {
    this.advance(Number.MAX_SAFE_INTEGER / 2);
  }

  truth(ssrc: number) {
    const flow = this.pipeline.snapshot().find((leg) => leg.ssrc === ssrc && leg.kind === 'rtp');
    if (!flow) throw new Error(`no flow for ssrc ${ssrc}`);
    return flow;
  }
}

/** lengths of runs of consecutive dropped positions */
export function burstLengths(positions: number[]): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  const bursts: number[] = [];
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1]! + 1 ? run + 1 : 1;
    if (i === sorted.length - 1 || sorted[i + 1] !== sorted[i]! + 1) bursts.push(run);
  }
  return bursts;
}

export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export const stddev = (values: number[]) => {
  const m = mean(values);
  return Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
};
