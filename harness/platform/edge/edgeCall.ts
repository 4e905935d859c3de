/**
 * One call at the edge: its two legs, the forwarding between them, what it counted, and the
 * consumer's DTMF. Consumer audio goes to the business on the business leg's current send
 * line (mid 0 until Meta's first offer, then the newest send-only line, with its own SSRC);
 * business audio goes to the consumer on mid 0. Each direction is one OutboundRtpStream, so
 * the receiver sees one consistent SSRC, sequence and timeline even if the sender restarts.
 */
import { RtpHeader, type RtpPacket } from 'werift';
import type { EdgeCallReport, EdgeStreamGaps } from '../mediaEdge.ts';
import { DtmfDecoder } from './dtmfDecoder.ts';
import { EDGE_DIFFERENCES } from './edgeDifferences.ts';
import { ForwardingTimes } from './forwardingTimes.ts';
import type { EdgeLeg, EdgeLegName } from './edgeLeg.ts';
import { metaOfferSdp, type MetaSendLine } from './metaOfferSdp.ts';
import { OutboundRtpStream, randomUint32 } from './outboundRtpStream.ts';

/** RFC 8285 one-byte header extensions */
const ONE_BYTE_PROFILE = 0xbede;
/** Meta's offers add send lines; past this many the newest is reused (a guard, no real call gets near) */
const MAX_SEND_LINES = 8;

/** packets the edge received but did not forward, by reason */
export interface EdgeDrops {
  /** consumer RTP before the business leg existed (the call was ringing) */
  consumerBeforeBusiness: number;
  /** business RTP before the consumer leg existed */
  businessBeforeConsumer: number;
  /** the receiving leg's DTLS was not up yet */
  notConnected: number;
  /** a payload type that is neither Opus nor telephone-event */
  unknownPayloadType: number;
  /** telephone-event the receiving peer did not agree to (at that clock rate) */
  dtmfNotAgreed: number;
}

interface Direction {
  stream: OutboundRtpStream;
  /** the mid written in the sdes:mid extension */
  mid: string;
  /** the receiving side */
  to: EdgeLegName;
}

export class EdgeCall {
  consumer: EdgeLeg | null = null;
  business: EdgeLeg | null = null;
  readonly received = { consumer: 0, business: 0 };
  readonly forwarded = { toBusiness: 0, toConsumer: 0 };
  readonly dropped: EdgeDrops = { consumerBeforeBusiness: 0, businessBeforeConsumer: 0, notConnected: 0, unknownPayloadType: 0, dtmfNotAgreed: 0 };
  firstAudioToBusinessAtMs: number | null = null;
  readonly dtmf = new DtmfDecoder();
  /** how long each forwarded packet was held, both directions */
  readonly holdTimes = new ForwardingTimes();
  /** legs whose liveness ran out (reported once each) */
  readonly gone = new Set<EdgeLegName>();
  /** the edge's send-only lines on the business leg, from Meta's offers */
  readonly sendLines: MetaSendLine[] = [];
  private toBusiness: Direction | null = null;
  private toConsumer: Direction | null = null;
  /** every stream written towards either side, oldest first (a replaced one stays: its receiver may still report it) */
  private readonly directions: Direction[] = [];
  /** the o= version of the business leg's last SDP from the edge */
  private sdpVersion = 0;
  /** the a=ssrc cname and msid stream of the edge's own audio on the business leg */
  readonly cname = `edge-${randomUint32().toString(16)}`;

  constructor(readonly id: string) {}

  attachBusiness(leg: EdgeLeg): void {
    this.business = leg;
    this.sdpVersion = Number(/^o=\S+ \S+ (\d+)/m.exec(leg.answerSdp)?.[1] ?? 0);
    this.toBusiness = this.direction('business', leg.media.ssrc ?? randomUint32(), leg.media.mid);
  }

  attachConsumer(leg: EdgeLeg): void {
    this.consumer = leg;
    this.toConsumer = this.direction('consumer', leg.media.ssrc ?? randomUint32(), leg.media.mid);
  }

  private direction(to: EdgeLegName, ssrc: number, mid: string): Direction {
    const direction = { stream: new OutboundRtpStream(ssrc, randomUint32() & 0xffff, randomUint32()), mid, to };
    this.directions.push(direction);
    return direction;
  }

  /**
   * Meta's offer on the business leg: a new send-only line with a new SSRC, which from now on
   * carries the consumer's audio (the business never answers, so the edge does not wait).
   */
  metaOffer(): string {
    if (!this.business) throw new Error(`call ${this.id} has no business leg to send an offer on`);
    if (this.sendLines.length < MAX_SEND_LINES) {
      const line = { mid: String(this.sendLines.length + 1), ssrc: randomUint32() };
      this.sendLines.push(line);
      this.toBusiness = this.direction('business', line.ssrc, line.mid);
    }
    this.sdpVersion++;
    return metaOfferSdp(this.business.answerSdp, { version: this.sdpVersion, sendLines: this.sendLines, cname: this.cname });
  }

  fromConsumer(packet: RtpPacket, atMs: number): void {
    this.received.consumer++;
    const leg = this.consumer!;
    const rate = telephoneEventRate(leg, packet.header.payloadType);
    if (rate !== undefined) this.dtmf.push(packet.payload, packet.header.timestamp, rate, atMs);
    if (!this.business) {
      this.dropped.consumerBeforeBusiness++;
      return;
    }
    if (this.forward(packet, leg, this.business, this.toBusiness!)) {
      this.forwarded.toBusiness++;
      if (rate === undefined) this.firstAudioToBusinessAtMs ??= atMs;
    }
  }

  fromBusiness(packet: RtpPacket): void {
    this.received.business++;
    if (!this.consumer) {
      this.dropped.businessBeforeConsumer++;
      return;
    }
    if (this.forward(packet, this.business!, this.consumer, this.toConsumer!)) this.forwarded.toConsumer++;
  }

  /** writes one packet on to `to`; true = sent */
  private forward(packet: RtpPacket, from: EdgeLeg, to: EdgeLeg, direction: Direction): boolean {
    const startedAt = performance.now();
    const { header } = packet;
    let payloadType: number | undefined;
    if (header.payloadType === from.media.opusPt) payloadType = to.media.opusPt;
    else {
      const rate = telephoneEventRate(from, header.payloadType);
      if (rate === undefined) {
        this.dropped.unknownPayloadType++;
        direction.stream.skipped(header);
        return false;
      }
      payloadType = to.media.telephoneEventPt.get(rate);
      if (payloadType === undefined) {
        this.dropped.dtmfNotAgreed++;
        direction.stream.skipped(header);
        return false;
      }
    }
    if (!to.connected) {
      this.dropped.notConnected++;
      direction.stream.skipped(header);
      return false;
    }
    const fields = direction.stream.rewrite(header);
    const extensions: { id: number; payload: Buffer }[] = [];
    if (to.media.midExtId !== undefined) extensions.push({ id: to.media.midExtId, payload: Buffer.from(direction.mid) });
    const level = from.media.audioLevelExtId === undefined ? undefined : header.extensions.find((ext) => ext.id === from.media.audioLevelExtId);
    if (level && to.media.audioLevelExtId !== undefined) extensions.push({ id: to.media.audioLevelExtId, payload: level.payload });
    const out = new RtpHeader({ payloadType, marker: header.marker, ...fields, extensionProfile: ONE_BYTE_PROFILE, extensions });
    const sent = to.send(out, packet.payload);
    direction.stream.sent(fields.sequenceNumber, sent);
    if (sent) this.holdTimes.add((performance.now() - startedAt) * 1000);
    return sent;
  }

  report(): EdgeCallReport {
    const differences = [...EDGE_DIFFERENCES];
    if (this.dropped.dtmfNotAgreed) differences.push(`${this.dropped.dtmfNotAgreed} telephone-event packets were not forwarded: the receiving peer did not offer telephone-event at that clock rate.`);
    return {
      received: { ...this.received },
      forwarded: { ...this.forwarded },
      firstAudioToBusinessAtMs: this.firstAudioToBusinessAtMs,
      dtmf: this.dtmf.events.map((event) => ({ ...event })),
      differences,
      dropped: { ...this.dropped },
      holdTime: this.holdTimes.summary(),
      streams: this.directions.map(streamGapsOf),
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.consumer?.close(), this.business?.close()]);
  }
}

function streamGapsOf({ stream, mid, to }: Direction): EdgeStreamGaps {
  const { gaps } = stream;
  return {
    to,
    toSsrc: stream.ssrc,
    mid,
    fromSsrcs: [...stream.fromSsrcs],
    forwarded: stream.written,
    upstreamGapPositions: gaps.upstreamGapPositions,
    upstreamGaps: gaps.openHoles,
    notForwardedPositions: gaps.notForwardedPositions,
    duplicates: gaps.duplicates,
    gapPositionsCapped: gaps.capped,
  };
}

function telephoneEventRate(leg: EdgeLeg, payloadType: number): number | undefined {
  for (const [rate, pt] of leg.media.telephoneEventPt) if (pt === payloadType) return rate;
  return undefined;
}
