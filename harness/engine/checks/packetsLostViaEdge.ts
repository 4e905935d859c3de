/**
 * truth.packets_lost with the media edge in the path (node side, pure). The edge writes each
 * receiver its own SSRC, so the relay's drops on the sender's up leg (the sender's SSRC) never
 * show on the receiver's stream; the edge keeps them as holes and reports where
 * (EdgeStreamGaps, in the positions the relay uses on the receiver's down leg). A receiver's
 * losses are the union of those holes, the relay's drops on its down leg, and the packets the
 * edge received and did not forward.
 */
import type { EdgeStreamGaps } from '../../results/edgeStreamGaps.ts';
import type { LegGroundTruth, Role } from '../../relay/core/groundTruthTypes.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { LOST_TOLERANCE_PACKETS, lostBeforeHorizon, restartNote } from './lostBeforeHorizon.ts';

/** one audio inbound-rtp report of the receiver (packets) */
export interface InboundAudioStream {
  ssrc: number;
  mid?: string;
  packetsReceived?: number;
  packetsLost: number;
}

/**
 * Every audio inbound-rtp report with an SSRC and packetsLost: after Meta's renegotiation the
 * business receives on mid 0 first and then on the new m-line with a new SSRC, and each has its
 * own counters.
 */
export function inboundAudioStreams(stats: Record<string, unknown>[]): InboundAudioStream[] {
  const streams: InboundAudioStream[] = [];
  for (const s of stats) {
    if (s.type !== 'inbound-rtp' || (s.kind !== 'audio' && s.mediaType !== 'audio')) continue;
    if (typeof s.ssrc !== 'number' || typeof s.packetsLost !== 'number') continue;
    streams.push({
      ssrc: s.ssrc,
      packetsLost: s.packetsLost,
      ...(typeof s.mid === 'string' ? { mid: s.mid } : {}),
      ...(typeof s.packetsReceived === 'number' ? { packetsReceived: s.packetsReceived } : {}),
    });
  }
  return streams;
}

const dropped = (leg: LegGroundTruth) => leg.dropped.loss + leg.dropped.queue + leg.dropped.blackout;

/** One check per receiver; every inbound audio stream it reports is compared, each with its own edge stream. */
export function packetsLostViaEdge(input: { receiver: Role; inbound: InboundAudioStream[]; legs: LegGroundTruth[]; streams: EdgeStreamGaps[] }): CheckResult | undefined {
  const { receiver, inbound } = input;
  if (inbound.length === 0) return undefined;
  const verdicts = inbound.map((stream) => compareStream(input, stream));
  const prefix = verdicts.length > 1 ? `${receiver} reports ${verdicts.length} inbound audio streams, each compared with the edge's stream of its SSRC: ` : '';
  return {
    id: `truth.packets_lost.${receiver}`,
    ok: verdicts.every((v) => v.ok),
    severity: 'error',
    message: prefix + verdicts.map((v) => v.message).join(' | '),
  };
}

function compareStream(input: { receiver: Role; legs: LegGroundTruth[]; streams: EdgeStreamGaps[] }, inbound: InboundAudioStream): { ok: boolean; message: string } {
  const { receiver, legs } = input;
  const sender: Role = receiver === 'consumer' ? 'business' : 'consumer';
  const named = `${receiver} reports packetsLost ${inbound.packetsLost} for SSRC ${inbound.ssrc}${inbound.mid === undefined ? '' : ` (mid ${inbound.mid})`}`;
  const edge = input.streams.find((s) => s.to === receiver && s.toSsrc === inbound.ssrc);
  if (!edge) {
    const known = input.streams.filter((s) => s.to === receiver).map((s) => `${s.toSsrc} (mid ${s.mid})`);
    return { ok: false, message: `${named}; the edge wrote no stream with that SSRC to the ${receiver} (its streams: ${known.join(', ') || 'none'}), so its losses cannot be placed` };
  }
  const down = legs.filter((l) => l.kind === 'rtp' && l.role === receiver && l.direction === 'down' && l.ssrc === inbound.ssrc);
  const up = legs.filter((l) => l.kind === 'rtp' && l.role === sender && l.direction === 'up' && l.ssrc !== null && edge.fromSsrcs.includes(l.ssrc));
  const count = lostBeforeHorizon(
    [
      { positions: edge.upstreamGapPositions, capped: edge.gapPositionsCapped, total: edge.upstreamGaps },
      { positions: down.flatMap((l) => l.droppedPositions), capped: down.some((l) => l.droppedPositionsCapped), total: down.reduce((n, l) => n + dropped(l), 0) },
      { positions: edge.notForwardedPositions, capped: edge.gapPositionsCapped, total: edge.notForwardedPositions.length },
    ],
    inbound,
  );
  const [gaps, downDrops, notForwarded] = count.perSource as [number, number, number];
  const dupes = edge.duplicates + down.reduce((n, l) => n + l.duplicated, 0);
  const truth = count.lost - dupes;
  const upDrops = up.reduce((n, l) => n + dropped(l), 0);
  const from = `${sender} SSRC ${edge.fromSsrcs.join(', ') || 'none'}`;
  const [gapsInOutages, downInOutages, notForwardedInOutages] = count.perSourceInRestarts as [number, number, number];
  const outages = (n: number) => (n > 0 ? ` (and ${n} in outages)` : '');
  const parts = [
    `${gaps}${outages(gapsInOutages)} never reached the edge (gaps in its stream; the relay dropped ${upDrops} on ${sender} up over the whole call)`,
    `${downDrops}${outages(downInOutages)} the relay dropped on ${receiver} down`,
    ...(notForwarded + notForwardedInOutages > 0 ? [`${notForwarded}${outages(notForwardedInOutages)} the edge received and did not forward`] : []),
  ];
  // the sources are disjoint unless the relay's and the edge's positions disagree; say so when they overlap
  const overlap = gaps + downDrops + notForwarded - count.lost;
  return {
    ok: Math.abs(inbound.packetsLost - truth) <= LOST_TOLERANCE_PACKETS,
    message:
      `${named}, the edge's stream from ${from}; before the last packet delivered: ${parts.join(' + ')}` +
      `${overlap > 0 ? ` (${overlap} at the same positions, counted once)` : ''} − ${dupes} duplicated = ${truth} lost` +
      `${count.unseen > 0 ? ` (${count.unseen} more missing after it, which no receiver can count)` : ''}${restartNote(count.restarts)}; allowed ±${LOST_TOLERANCE_PACKETS}`,
  };
}
