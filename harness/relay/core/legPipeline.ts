/**
 * The impairment and ground truth of one leg direction (e.g. consumer `up`). Every relayed
 * datagram of that direction passes `offer`, which classifies it into a flow, counts it, and
 * either drops it (by cause), sends it at once, or schedules it. Pure: time comes in as
 * arguments, packets leave through `send`, delays go through the shared scheduler.
 *
 * Per-packet order, after libwebrtc's SimulatedNetwork: blackout → queue limit → rate
 * (serialisation; a packet lost later still used the link) → loss → delay + jitter, kept in
 * order unless reordering is allowed → netem-style reorder (skip the delay) → duplicate.
 */
import type { Direction, LegGroundTruth, Role } from './groundTruthTypes.ts';
import type { Impairment } from '../impairmentSchema.ts';
import { DeliveryScheduler } from './deliveryScheduler.ts';
import type { ScheduledPacket } from './deliveryScheduler.ts';
import { DepartureQueue } from './departureQueue.ts';
import { FlowState } from './flowState.ts';
import { ImpairmentTimeline } from './impairmentTimeline.ts';
import { decideLoss, jitterAt } from './linkParams.ts';
import { classifyPayload, FLOW_KIND_CODE, rtcpSsrc, rtpPayloadType, rtpSequence, rtpSsrc } from './packetClassifier.ts';
import type { FlowKind } from './packetClassifier.ts';
import { deriveSeed, Salt, uniformAt } from '../../random/seededRandom.ts';

/** RTP (and, separately, RTCP) SSRCs tracked per leg direction; a call has a handful, so this only bounds hostile input */
export const MAX_SSRC_FLOWS = 64;

/** sends a datagram; `target`, `address` and `port` are whatever the offer carried */
export type SendFn = (data: Buffer, target: unknown, address: string, port: number) => void;

export interface LegPipelineOptions {
  callId: string;
  role: Role;
  direction: Direction;
  /** this leg direction's random stream; flows derive theirs from it */
  seed: number;
  /** clock ms the per-second series count from (when the call's credentials were created) */
  seriesOriginMs: number;
  /** per-second series keep the newest this many seconds; default 10 h (FlowState) */
  seriesWindowSeconds?: number;
  scheduler: DeliveryScheduler;
  send: SendFn;
  /** impairment in force from `originMs`; default none */
  impairment?: Impairment;
  originMs?: number;
}

/** the RTP payload type of a datagram whose relayed payload is its last `payloadBytes` bytes (meaningless, and ignored, unless it is RTP) */
function payloadTypeOf(data: Buffer, payloadBytes: number): number {
  return rtpPayloadType(data, data.length - payloadBytes);
}

/** a DTLS record's first byte (its content type): change_cipher_spec (20) or handshake (22) */
const isDtlsHandshake = (contentType: number): boolean => contentType === 20 || contentType === 22;

class PendingPacket implements ScheduledPacket {
  seq = 0;
  constructor(
    readonly pipeline: LegPipeline,
    public atMs: number,
    readonly data: Buffer,
    readonly payloadBytes: number,
    readonly flow: FlowState,
    readonly position: number,
    readonly target: unknown,
    readonly address: string,
    readonly port: number,
  ) {}

  release(_entry: ScheduledPacket, nowMs: number): void {
    this.pipeline.release(this, nowMs);
  }
}

export class LegPipeline {
  readonly callId: string;
  readonly role: Role;
  readonly direction: Direction;
  /** TURN control messages dropped because the impairment has `impairControl` */
  controlDropped = 0;
  private readonly seed: number;
  private readonly seriesOriginMs: number;
  private readonly seriesWindowSeconds: number | undefined;
  private readonly scheduler: DeliveryScheduler;
  private readonly send: SendFn;
  private timeline: ImpairmentTimeline;
  private readonly rtpFlows = new Map<number, FlowState>();
  private readonly rtcpFlows = new Map<number, FlowState>();
  private readonly otherFlows: (FlowState | undefined)[] = [];
  private readonly flowsPerKind = [0, 0, 0, 0, 0];
  private readonly departures = new DepartureQueue();
  private linkFreeAtMs = -Infinity;
  private lastArrivalMs = -Infinity;
  private pending = 0;
  private controlCounter = 0;

  constructor(options: LegPipelineOptions) {
    this.callId = options.callId;
    this.role = options.role;
    this.direction = options.direction;
    this.seed = options.seed;
    this.seriesOriginMs = options.seriesOriginMs;
    this.seriesWindowSeconds = options.seriesWindowSeconds;
    this.scheduler = options.scheduler;
    this.send = options.send;
    this.timeline = new ImpairmentTimeline(options.impairment ?? {}, options.originMs ?? options.seriesOriginMs);
  }

  /** replace the impairment; its times count from `nowMs`. Gilbert-Elliott state carries over when the loss model is unchanged. */
  setImpairment(impairment: Impairment, nowMs: number): void {
    this.timeline = new ImpairmentTimeline(impairment, nowMs, this.timeline.paramsAt(nowMs));
  }

  /** one datagram entering this leg direction; its relayed payload starts at `payloadOffset` */
  offer(data: Buffer, payloadOffset: number, target: unknown, address: string, port: number, nowMs: number): void {
    const payloadBytes = data.length - payloadOffset;
    const kind = classifyPayload(data, payloadOffset);
    let flow: FlowState;
    let position: number;
    const found = kind === 'rtp' ? this.rtpFlows.get(rtpSsrc(data, payloadOffset)) : kind === 'rtcp' ? this.rtcpFlows.get(rtcpSsrc(data, payloadOffset)) : undefined;
    if (found) {
      flow = found;
      position = kind === 'rtp' ? flow.rtpPosition(rtpSequence(data, payloadOffset)) : flow.arrivalPosition();
    } else if (kind === 'rtp' && this.rtpFlows.size < MAX_SSRC_FLOWS) {
      flow = this.newFlow(kind, rtpSsrc(data, payloadOffset), this.rtpFlows);
      position = flow.rtpPosition(rtpSequence(data, payloadOffset));
    } else if (kind === 'rtcp' && this.rtcpFlows.size < MAX_SSRC_FLOWS) {
      flow = this.newFlow(kind, rtcpSsrc(data, payloadOffset), this.rtcpFlows);
      position = flow.arrivalPosition();
    } else {
      // beyond the SSRC cap (random bytes that look like RTP would make a flow per packet) everything counts as 'other'
      const code = kind === 'rtp' || kind === 'rtcp' ? FLOW_KIND_CODE.other : FLOW_KIND_CODE[kind];
      flow = this.otherFlows[code] ?? this.newFlow(kind === 'rtp' || kind === 'rtcp' ? 'other' : kind, null, null);
      position = flow.arrivalPosition();
    }
    // RTP flows count per payload type; on any other flow the byte read is ignored
    flow.noteOffered(payloadBytes, nowMs, rtpPayloadType(data, payloadOffset));

    const timeline = this.timeline;
    if (timeline.alwaysClean && this.pending === 0) return this.deliverNow(data, payloadBytes, flow, position, target, address, port, nowMs);

    let t = nowMs;
    const blackout = timeline.blackoutAt(nowMs);
    if (blackout) {
      if (!blackout.hold) return flow.noteDropped('blackout', position, nowMs);
      if (blackout.held >= timeline.paramsAt(nowMs).queuePackets) return flow.noteDropped('queue', position, nowMs);
      blackout.held++;
      t = blackout.endMs;
    }
    const params = timeline.paramsAt(t);
    if (params.clean && t === nowMs && this.pending === 0) return this.deliverNow(data, payloadBytes, flow, position, target, address, port, nowMs);

    if (params.rateKbps > 0) {
      const wireBytes = payloadBytes + params.overheadBytes;
      this.departures.drainUntil(t);
      if (this.departures.count >= params.queuePackets || this.departures.bytes + wireBytes > params.queueBytes) {
        return flow.noteDropped('queue', position, nowMs);
      }
      // kbit/s = bit/ms: serialisation takes bits / rate ms, after whatever is already on the link
      const start = t > this.linkFreeAtMs ? t : this.linkFreeAtMs;
      this.linkFreeAtMs = start + (wireBytes * 8) / params.rateKbps;
      t = this.linkFreeAtMs;
      this.departures.push(t, wireBytes);
    }
    // DTLS handshake records (content types 20 change_cipher_spec and 22 handshake) are spared
    // random loss; blackouts and queues still take them. The media edge's werift DTLS server can
    // fail to finish a handshake that lost a packet when the machine is loaded, where Meta's edge
    // would recover; listed among the edge's differences. Other traffic is lost as configured.
    if (!(flow.kind === 'dtls' && isDtlsHandshake(data[payloadOffset]!)) && decideLoss(params, flow, position)) return flow.noteDropped('loss', position, nowMs);

    let arrival = t;
    if (params.reorder > 0 && uniformAt(flow.seed, position, Salt.reorder) < params.reorder) {
      // netem reorder: sent without the delay, so it overtakes packets still being delayed
    } else {
      if (params.delayMs > 0 || params.jitterMs > 0) {
        const delay = params.delayMs + jitterAt(params, flow.seed, position);
        if (delay > 0) arrival += delay;
      }
      if (!params.allowReorder) {
        if (arrival < this.lastArrivalMs) arrival = this.lastArrivalMs;
        this.lastArrivalMs = arrival;
      }
    }
    this.dispatch(arrival, data, payloadBytes, flow, position, target, address, port, nowMs);
    if (params.duplicate > 0 && uniformAt(flow.seed, position, Salt.duplicate) < params.duplicate) {
      flow.duplicated++;
      this.dispatch(arrival, data, payloadBytes, flow, position, target, address, port, nowMs);
    }
  }

  /** whether a TURN control message on this leg direction is dropped now (only with `impairControl`) */
  shouldDropControl(nowMs: number): boolean {
    const timeline = this.timeline;
    if (!timeline.impairControl) return false;
    const params = timeline.paramsAt(nowMs);
    const drop = timeline.blackoutAt(nowMs) !== null || (params.meanLoss > 0 && uniformAt(this.seed, this.controlCounter++, Salt.control) < params.meanLoss);
    if (drop) this.controlDropped++;
    return drop;
  }

  /** called by the scheduler when a delayed packet is due */
  release(packet: PendingPacket, nowMs: number): void {
    this.pending--;
    packet.flow.inFlight--;
    this.send(packet.data, packet.target, packet.address, packet.port);
    packet.flow.noteDelivered(packet.payloadBytes, packet.position, nowMs, payloadTypeOf(packet.data, packet.payloadBytes));
  }

  /** forget packets still waiting (the call ended); returns how many */
  discardPending(): number {
    const removed = this.scheduler.discard((entry) => entry instanceof PendingPacket && entry.pipeline === this);
    this.pending = 0;
    return removed;
  }

  /** ground truth of every flow seen on this leg direction */
  snapshot(): LegGroundTruth[] {
    const flows = [...this.rtpFlows.values(), ...this.rtcpFlows.values(), ...this.otherFlows.filter((flow): flow is FlowState => flow !== undefined)];
    return flows.map((flow) => flow.snapshot(this.callId, this.role, this.direction));
  }

  private newFlow(kind: FlowKind, ssrc: number | null, map: Map<number, FlowState> | null): FlowState {
    const code = FLOW_KIND_CODE[kind];
    const index = this.flowsPerKind[code]!++;
    const flow = new FlowState(kind, ssrc, index, deriveSeed(this.seed, code, index), this.seriesOriginMs, this.seriesWindowSeconds);
    if (map && ssrc !== null) map.set(ssrc, flow);
    else this.otherFlows[code] = flow;
    return flow;
  }

  private deliverNow(data: Buffer, payloadBytes: number, flow: FlowState, position: number, target: unknown, address: string, port: number, nowMs: number): void {
    this.send(data, target, address, port);
    flow.noteDelivered(payloadBytes, position, nowMs, payloadTypeOf(data, payloadBytes));
  }

  private dispatch(atMs: number, data: Buffer, payloadBytes: number, flow: FlowState, position: number, target: unknown, address: string, port: number, nowMs: number): void {
    // later packets queue behind earlier ones still pending, so a packet due now never overtakes a held one
    if (atMs <= nowMs && this.pending === 0) return this.deliverNow(data, payloadBytes, flow, position, target, address, port, nowMs);
    this.pending++;
    flow.inFlight++;
    this.scheduler.push(new PendingPacket(this, atMs, data, payloadBytes, flow, position, target, address, port));
  }
}
