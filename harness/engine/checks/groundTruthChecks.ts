/**
 * Checks the receivers' stats against what the relay saw happen to every packet (node side).
 * This is what no browser-only tool can check: the relay sits on the path, so it knows how
 * many of an SSRC's packets were dropped, and the receiver must report exactly that. With the
 * media edge in the path the edge reports the holes in each stream it writes (losses before it),
 * and those join the relay's drops on the receiver's down leg (packetsLostViaEdge.ts).
 */
import type { EdgeStreamGaps } from '../../results/edgeStreamGaps.ts';
import type { LegGroundTruth } from '../../relay/core/groundTruthTypes.ts';
import type { Impairment } from '../../relay/impairmentSchema.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { Role } from '../../signaling/signalTypes.ts';
import { extractAudioSample } from '../../stats/extractAudioSample.ts';
import type { CallState } from '../timelineSteps.ts';
import { LOST_TOLERANCE_PACKETS, lostBeforeHorizon, restartNote } from './lostBeforeHorizon.ts';
import { inboundAudioStreams, packetsLostViaEdge } from './packetsLostViaEdge.ts';

/** z for a two-sided 99 % interval. */
const Z_99 = 2.576;
/** RTT tolerance below the configured delays: max(3 ms, 10 %). */
const RTT_TOLERANCE_MS = 3;
const RTT_TOLERANCE_FRACTION = 0.1;
/**
 * Above the configured delays the RTT may read this many times that tolerance: RTCP's round
 * trip also holds the relay's forwarding and the peers' report handling on every hop, never
 * negative and longer on a loaded machine (e.g. ~44 ms for 40 ms configured). A missing
 * or doubled leg delay is still far outside.
 */
const RTT_PROCESSING_ALLOWANCE = 2;

const other = (role: Role): Role => (role === 'consumer' ? 'business' : 'consumer');

const dropped = (leg: LegGroundTruth) => leg.dropped.loss + leg.dropped.queue + leg.dropped.blackout;

/** The configured loss rate when it is plain random loss that never changed, else undefined. */
function staticRandomLoss(impairment: Impairment | undefined): number | undefined {
  if (!impairment || impairment.schedule?.length || impairment.blackouts?.length) return undefined;
  const loss = impairment.loss;
  if (typeof loss === 'number') return loss;
  if (loss && loss.model === 'random') return loss.rate;
  return undefined;
}

export function groundTruthChecks(input: {
  legs: LegGroundTruth[];
  state: CallState;
  businessStats: Record<string, unknown>[];
  consumerStats: Record<string, unknown>[];
  /**
   * the media edge's report of the call (EdgeCallReport, harness/platform/mediaEdge.ts), when one
   * was in the path: its streams' holes join the relay's drops (packetsLostViaEdge.ts); absent =
   * a direct path, the relay's legs alone
   */
  edge?: { streams?: EdgeStreamGaps[] };
}): CheckResult[] {
  const { legs, state } = input;
  if (legs.length === 0) return [];
  const checks: CheckResult[] = [];
  const receivers: [Role, Record<string, unknown>[]][] = [
    ['business', input.businessStats],
    ['consumer', input.consumerStats],
  ];
  for (const [receiver, stats] of receivers) {
    const streams = input.edge?.streams;
    const check = streams
      ? packetsLostViaEdge({ receiver, inbound: inboundAudioStreams(stats), legs, streams })
      : packetsLostDirect(receiver, stats, legs);
    if (check) checks.push(check);
  }
  for (const leg of legs) {
    if (leg.kind !== 'rtp' || leg.offered < 50) continue;
    const rate = staticRandomLoss(state.legs.get(`${leg.role}/${leg.direction}`));
    if (rate === undefined || rate === 0) continue;
    const n = leg.offered;
    const measured = leg.dropped.loss / n;
    const half = Z_99 * Math.sqrt((rate * (1 - rate)) / n);
    checks.push({
      id: `truth.loss_rate.${leg.role}_${leg.direction}`,
      ok: Math.abs(measured - rate) <= half,
      severity: 'error',
      message:
        `${leg.role} ${leg.direction}, SSRC ${leg.ssrc}: ${leg.dropped.loss} of ${n} packets lost = ${(measured * 100).toFixed(2)} %; ` +
        `configured ${(rate * 100).toFixed(2)} %, 99 % binomial interval ${((rate - half) * 100).toFixed(2)}–${((rate + half) * 100).toFixed(2)} %`,
    });
  }
  checks.push(...rttCheck(state, input.businessStats));
  return checks;
}

/**
 * A direct path (no media edge): the receiver's inbound SSRC is the sender's, so the relay's
 * drops on the sender's up leg and the receiver's down leg are all in the same positions.
 */
function packetsLostDirect(receiver: Role, stats: Record<string, unknown>[], legs: LegGroundTruth[]): CheckResult | undefined {
  const inbound = extractAudioSample(stats, 0, 0).inbound;
  if (inbound?.ssrc === undefined || inbound.packetsLost === undefined) return undefined;
  const sender = other(receiver);
  const path = legs.filter(
    (l) => l.kind === 'rtp' && l.ssrc === inbound.ssrc && ((l.role === sender && l.direction === 'up') || (l.role === receiver && l.direction === 'down')),
  );
  if (path.length === 0) return undefined;
  const count = lostBeforeHorizon(
    path.map((l) => ({ positions: l.droppedPositions, capped: l.droppedPositionsCapped, total: dropped(l) })),
    { packetsLost: inbound.packetsLost, ...(inbound.packetsReceived !== undefined ? { packetsReceived: inbound.packetsReceived } : {}) },
  );
  const dupes = path.reduce((n, l) => n + l.duplicated, 0);
  const truth = count.lost - dupes;
  return {
    id: `truth.packets_lost.${receiver}`,
    ok: Math.abs(inbound.packetsLost - truth) <= LOST_TOLERANCE_PACKETS,
    severity: 'error',
    message:
      `${receiver} reports packetsLost ${inbound.packetsLost} for SSRC ${inbound.ssrc}; the relay dropped ${count.lost} ` +
      `and duplicated ${dupes} of its packets on ${sender} up + ${receiver} down before the last one it delivered, so ${truth} lost` +
      `${count.unseen > 0 ? ` (${count.unseen} more dropped after it, which no receiver can count)` : ''}${restartNote(count.restarts)}; allowed ±${LOST_TOLERANCE_PACKETS}`,
  };
}

/**
 * With fixed one-way delays and no jitter, the business's RTCP round trip is the sum of its own
 * two leg delays: the media edge terminates RTCP, so the business measures its round trip to the
 * edge, never to the consumer (whose legs' delays are not in it).
 */
function rttCheck(state: CallState, businessStats: Record<string, unknown>[]): CheckResult[] {
  const path = (['business/up', 'business/down'] as const).map((k) => state.legs.get(k) ?? {});
  if (state.impairments.length > 0 || path.some((i) => (i.jitterMs ?? 0) > 0 || i.schedule?.length)) return [];
  const expectedMs = path.reduce((sum, i) => sum + (i.delayMs ?? 0), 0);
  if (expectedMs <= 0) return [];
  const remote = extractAudioSample(businessStats, 0, 0).remoteInbound;
  if (!remote?.roundTripTimeMeasurements || remote.totalRoundTripTime === undefined) {
    return [{ id: 'truth.rtt', ok: false, severity: 'warning', message: 'no RTCP round-trip measurement in the business snapshot to compare with the configured delays' }];
  }
  const measuredMs = (remote.totalRoundTripTime / remote.roundTripTimeMeasurements) * 1000;
  const tolerance = Math.max(RTT_TOLERANCE_MS, RTT_TOLERANCE_FRACTION * expectedMs);
  return [
    {
      id: 'truth.rtt',
      ok: measuredMs >= expectedMs - tolerance && measuredMs <= expectedMs + RTT_PROCESSING_ALLOWANCE * tolerance,
      severity: 'error',
      message:
        `average RTT ${measuredMs.toFixed(1)} ms (totalRoundTripTime ${remote.totalRoundTripTime.toFixed(3)} s / ${remote.roundTripTimeMeasurements}); ` +
        `the business's round trip is to the media edge: its legs' configured one-way delays add up to ${expectedMs} ms; allowed −${tolerance.toFixed(1)} / +${(RTT_PROCESSING_ALLOWANCE * tolerance).toFixed(1)} ms`,
    },
  ];
}
