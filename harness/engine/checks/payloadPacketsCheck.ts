/**
 * `truth.payload_packets.business`: what an external business reported it received and lost,
 * against what the network did (pure). callsoak cannot read a black box's getStats, but it sees
 * every packet on the way to it: the media edge's streams towards the business (their holes:
 * losses before the edge) and the relay's business/down leg that carries them (its drops, its
 * deliveries). The payload's `packets_received` and `packets_lost` must add up to those, summed
 * over every stream the edge wrote to the business (after Meta's renegotiation the audio moves
 * to a second stream, and a client that ignores it receives nothing there).
 */
import type { EdgeStreamGaps } from '../../results/edgeStreamGaps.ts';
import type { LegGroundTruth } from '../../relay/core/groundTruthTypes.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { LOST_TOLERANCE_PACKETS, lostBeforeHorizon, restartNote } from './lostBeforeHorizon.ts';

const ID = 'truth.payload_packets.business';
/**
 * Received may fall short of delivered by this many packets or this fraction, whichever is more:
 * the business takes its final stats when it learns of the end, and the edge's last packets may
 * still arrive after that (at 50 packets/s, 25 is half a second).
 */
const RECEIVED_SHORT_PACKETS = 25;
const RECEIVED_SHORT_FRACTION = 0.05;
/** Lost may differ by this fraction of the packets (plus LOST_TOLERANCE_PACKETS): the last ones lost after the final snapshot are the network's, not the report's. */
const LOST_FRACTION = 0.01;

const dropped = (leg: LegGroundTruth) => leg.dropped.loss + leg.dropped.queue + leg.dropped.blackout;

function numberField(audio: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = audio?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function payloadPacketsCheck(input: { payload: Record<string, unknown> | null; legs: LegGroundTruth[]; streams: EdgeStreamGaps[] | undefined }): CheckResult {
  const audio = input.payload?.audio_stats as Record<string, unknown> | undefined;
  const received = numberField(audio, 'packets_received');
  const lost = numberField(audio, 'packets_lost');
  if (!input.payload) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'no /call_metrics payload to compare with the network (no verdict)' };
  if (received === undefined || lost === undefined) {
    return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `the payload's audio_stats has packets_received ${received ?? 'absent'} and packets_lost ${lost ?? 'absent'} (the contract checks report that), so nothing to compare with the network (no verdict)` };
  }
  const streams = (input.streams ?? []).filter((s) => s.to === 'business');
  if (streams.length === 0) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'the edge wrote no stream to the business, so the network delivered it nothing to count (no verdict)' };
  const ssrcs = new Set(streams.map((s) => s.toSsrc));
  const down = input.legs.filter((l) => l.kind === 'rtp' && l.role === 'business' && l.direction === 'down' && l.ssrc !== null && ssrcs.has(l.ssrc));
  const delivered = down.reduce((n, l) => n + l.delivered, 0);
  // Per stream, as a receiver counts: outages longer than libwebrtc's restart threshold are not loss to it.
  let gaps = 0;
  let downDrops = 0;
  let duplicates = 0;
  const restarts: number[] = [];
  for (const stream of streams) {
    const legs = down.filter((l) => l.ssrc === stream.toSsrc);
    const sources = [
      { positions: stream.upstreamGapPositions, capped: stream.gapPositionsCapped, total: stream.upstreamGaps },
      { positions: legs.flatMap((l) => l.droppedPositions), capped: legs.some((l) => l.droppedPositionsCapped), total: legs.reduce((n, l) => n + dropped(l), 0) },
      { positions: stream.notForwardedPositions, capped: stream.gapPositionsCapped, total: stream.notForwardedPositions.length },
    ];
    const streamDelivered = legs.reduce((n, l) => n + l.delivered, 0);
    const count = lostBeforeHorizon(sources, { packetsReceived: streamDelivered, packetsLost: sources.reduce((n, x) => n + x.total, 0) });
    gaps += count.perSource[0]! + count.perSource[2]!;
    downDrops += count.perSource[1]!;
    duplicates += stream.duplicates + legs.reduce((n, l) => n + l.duplicated, 0);
    restarts.push(...count.restarts);
  }
  const truthLost = gaps + downDrops - duplicates;
  const receivedShort = Math.max(RECEIVED_SHORT_PACKETS, RECEIVED_SHORT_FRACTION * delivered);
  // counts are whole packets: the message names the largest whole difference that passes
  const lostAllowed = LOST_TOLERANCE_PACKETS + LOST_FRACTION * (delivered + truthLost);
  const receivedOk = received >= delivered - receivedShort && received <= delivered + LOST_TOLERANCE_PACKETS;
  const lostOk = Math.abs(lost - truthLost) <= lostAllowed;
  const which = `${streams.length} stream${streams.length === 1 ? '' : 's'} the edge wrote to the business (SSRC ${[...ssrcs].join(', ')}${streams.length > 1 ? `, mids ${streams.map((s) => s.mid).join(', ')}` : ''})`;
  return {
    id: ID,
    ok: receivedOk && lostOk,
    severity: 'error',
    message:
      `payload packets_received ${received}, packets_lost ${lost}; over the ${which} the relay delivered ${delivered} on business down, ` +
      `and ${truthLost} were lost (${gaps} never reached or left the edge + ${downDrops} the relay dropped on business down − ${duplicates} duplicated${restartNote(restarts)}); ` +
      `allowed: received ${Math.ceil(delivered - receivedShort)}…${delivered + LOST_TOLERANCE_PACKETS} (the last packets may arrive after the final stats), lost ±${Math.floor(lostAllowed)}` +
      `${receivedOk ? '' : received < delivered - receivedShort ? ' — the business counted far fewer packets than the network delivered to it (a stream it never received, e.g. Meta\'s renegotiated m-line?)' : ' — more than the network delivered'}`,
  };
}
