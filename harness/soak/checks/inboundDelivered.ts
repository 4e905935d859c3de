/**
 * Which relay leg says what reached a peer, and that leg's per-second delivered count: the
 * input of soak.no_freeze. Pure.
 *
 * Media from the sender to the receiver crosses two legs of the relay: the sender's `up`
 * (client → relay) and then the receiver's `down` (relay → client). The default,
 * `receiver-down`, counts what the relay actually sent to the receiver's client, after both
 * legs' impairments; `sender-up` counts what left the sender's leg, before the receiver's
 * `down` impairment (use it when the receiver's leg is deliberately blacked out and that should
 * not count as delivered). Only RTP flows count, and only the receiver's inbound SSRC when given.
 */
import type { LegGroundTruth, Role } from '../../relay/core/groundTruthTypes.ts';

export type InboundLegVia = 'receiver-down' | 'sender-up';

/** one second of relay delivery towards the peer */
export interface DeliveredPoint {
  /** start of the second, ms since the call's relay credentials were created (the relay's series axis) */
  tMs: number;
  /** RTP datagrams the relay sent on in that second, duplicates included */
  delivered: number;
}

/** the leg (role, direction) whose delivered count is what reached `receiver` */
export function inboundLeg(receiver: Role, via: InboundLegVia = 'receiver-down'): { role: Role; direction: 'up' | 'down' } {
  if (via === 'receiver-down') return { role: receiver, direction: 'down' };
  return { role: receiver === 'business' ? 'consumer' : 'business', direction: 'up' };
}

/**
 * Per-second RTP deliveries towards `receiver`, summed over the matching flows, ascending by tMs.
 * @param ssrc the receiver's inbound-rtp SSRC; undefined = every RTP flow on the leg
 */
export function inboundDelivered(legs: readonly LegGroundTruth[], receiver: Role, options: { via?: InboundLegVia; ssrc?: number } = {}): DeliveredPoint[] {
  const leg = inboundLeg(receiver, options.via);
  const bySecond = new Map<number, number>();
  for (const l of legs) {
    if (l.kind !== 'rtp' || l.role !== leg.role || l.direction !== leg.direction) continue;
    if (options.ssrc !== undefined && l.ssrc !== options.ssrc) continue;
    for (const p of l.series) bySecond.set(p.tMs, (bySecond.get(p.tMs) ?? 0) + p.delivered);
  }
  return [...bySecond].sort((a, b) => a[0] - b[0]).map(([tMs, delivered]) => ({ tMs, delivered }));
}
