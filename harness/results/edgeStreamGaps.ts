/**
 * What the media edge reports of each stream it forwards: where the stream has holes, in the
 * relay's coordinates. The edge fills it (harness/platform/edge/forwardedGaps.ts); the
 * ground-truth checks read it (engine/checks/packetsLostViaEdge.ts). Pure types.
 */

/**
 * One stream the edge wrote (its own SSRC towards one receiver) and its holes. Positions are
 * packets, 0-based from the first packet the edge wrote with `toSsrc`, sequence-unwrapped: the
 * coordinates the relay's `droppedPositions` use for that SSRC on the `${to}/down` leg
 * (harness/relay/core/groundTruthTypes.ts). Packets the edge dropped before the stream's first
 * packet (e.g. consumer audio while the call rang) precede position 0 and are in no list.
 */
export interface EdgeStreamGaps {
  /** the receiving side: the relay carries this stream on `${to}/down`, its senders' packets on the other side's `up` */
  to: 'consumer' | 'business';
  /** the edge's SSRC for it (what the receiver's inbound-rtp reports) */
  toSsrc: number;
  /** the m-line it is sent on (the business gets a new one after each of Meta's offers) */
  mid: string;
  /** the sender's SSRCs that fed it, in the order they first did (more than one when the sender restarted) */
  fromSsrcs: number[];
  /** packets written */
  forwarded: number;
  /** positions of packets that never reached the edge (lost upstream), ascending */
  upstreamGapPositions: number[];
  /** holes still open at the report, counted past the cap too */
  upstreamGaps: number;
  /** positions of packets the edge received and did not forward (`dropped` says why), ascending */
  notForwardedPositions: number[];
  /** packets written at a position already written (duplicated upstream) */
  duplicates: number;
  /** true when a position list stopped growing at its cap (100,000, as the relay's) */
  gapPositionsCapped: boolean;
}
