/**
 * What the relay saw and did, per call leg direction and flow: results.json `legs[]` takes
 * these objects as they are. Times are relative to the moment the call's credentials were
 * created; counts are datagrams.
 */
import type { FlowKind } from './packetClassifier.ts';

export type { FlowKind };
export type Role = 'consumer' | 'business';
/** `up`: from the role's client into the relay; `down`: from the relay to the role's client */
export type Direction = 'up' | 'down';

/** one second of one flow */
export interface SeriesPoint {
  /** start of the second, ms since the call's credentials were created */
  tMs: number;
  /** datagrams that entered the leg direction during this second */
  offered: number;
  /** datagrams sent on during this second (duplicates included) */
  delivered: number;
  /** datagrams dropped during this second, any cause */
  dropped: number;
}

/**
 * one RTP payload type (the header's PT, 7 bits, in the clear under SRTP) within one RTP flow,
 * e.g. Opus 111 beside telephone-event 126
 */
export interface PayloadTypeCount {
  payloadType: number;
  /** datagrams of this payload type that entered the leg direction */
  offered: number;
  /** datagrams of this payload type sent on, duplicates included */
  delivered: number;
  /**
   * first / last delivery of this payload type, ms since the call's credentials were created
   * (the time base of `series`, on the relay's own clock); null when none was delivered
   */
  firstDeliveredMs: number | null;
  lastDeliveredMs: number | null;
}

export interface LegGroundTruth {
  callId: string;
  role: Role;
  direction: Direction;
  /** RTP/RTCP: the SSRC (RTCP: the sender SSRC of the first packet in the compound); null for stun, dtls and other */
  ssrc: number | null;
  /** what the relayed payloads are, by RFC 7983 demultiplexing */
  kind: FlowKind;
  /** order in which this flow first appeared among flows of its kind on this leg direction, 0-based (its random stream derives from it) */
  flowIndex: number;
  /** datagrams that entered this leg direction */
  offered: number;
  /** datagrams sent on, duplicates included: offered − dropped + duplicated − inFlight */
  delivered: number;
  /** extra copies made by `duplicate` */
  duplicated: number;
  /** delivered with a stream position below one already delivered (RTP: unwrapped sequence; others: arrival order) */
  reordered: number;
  /** dropped datagrams by cause: `loss` (loss model), `queue` (tail drop of a full queue or hold buffer), `blackout` */
  dropped: { loss: number; queue: number; blackout: number };
  /** delayed or held, not yet delivered, when this snapshot was taken */
  inFlight: number;
  /** payload bytes offered / delivered (without TURN framing) */
  offeredBytes: number;
  deliveredBytes: number;
  /** stream positions of dropped datagrams, ascending by drop time; RTP: 0-based from the first packet seen, sequence-unwrapped */
  droppedPositions: number[];
  /** true when droppedPositions stopped growing at its cap (100,000) */
  droppedPositionsCapped: boolean;
  /** per-second counts since the call's credentials were created (capped at 10 hours) */
  series: SeriesPoint[];
  /**
   * RTP flows only: counts per payload type, in order of first appearance, at most 16 types
   * (MAX_PAYLOAD_TYPES). RTCP is not in them: a datagram whose second byte is 192–223 is RTCP
   * (RFC 5761 §4), so RTP payload types 64–95 with the marker bit set count as RTCP too, which
   * is why RFC 5761 tells RTP not to use them. Absent on other flows and in results.json files
   * written before this was counted.
   */
  payloadTypes?: PayloadTypeCount[];
  /** RTP flows only: true when a payload type beyond the 16 found no slot and went uncounted in `payloadTypes` */
  payloadTypesCapped?: boolean;
}

/** control-plane counters of one call leg (both directions) */
export interface LegControlCounters {
  callId: string;
  role: Role;
  /** datagrams from this leg's client that were neither valid STUN nor valid ChannelData */
  malformed: number;
  /** TURN control messages dropped because `impairControl` was set */
  controlDropped: number;
  /** allocations created with this leg's credentials */
  allocations: number;
}
