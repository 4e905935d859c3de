/**
 * Checks the receivers' stats against what the relay saw happen to every packet (node side).
 * This is what no browser-only tool can check: the relay sits on the path, so it knows how
 * many of an SSRC's packets were dropped, and the receiver must report exactly that.
 */
import type { LegGroundTruth } from '../../relay/core/groundTruthTypes.ts';
import type { Impairment } from '../../relay/impairmentSchema.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { Role } from '../../signaling/signalTypes.ts';
import { extractAudioSample } from '../../stats/extractAudioSample.ts';
import type { CallState } from '../timelineSteps.ts';

/** Packets lost in the last instants of a call never reach the receiver's counters. */
const LOST_TOLERANCE_PACKETS = 3;
/**
 * libwebrtc's receive statistics read a sequence-number jump larger than this as a stream
 * restart, not as loss (StreamStatisticianImpl::UpdateOutOfOrder, max_reordering_threshold),
 * so an outage longer than ~1 s of audio is missing from packetsLost: a 3 s blackout
 * (150 packets) leaves packetsLost at 0, while bursts of a few packets count in full.
 */
export const RESTART_GAP_PACKETS = 50;

/** Splits ascending positions into runs of consecutive ones. */
function runsOf(positions: number[]): number[][] {
  const runs: number[][] = [];
  for (const p of positions) {
    const last = runs.at(-1);
    if (last && p === last.at(-1)! + 1) last.push(p);
    else runs.push([p]);
  }
  return runs;
}
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
}): CheckResult[] {
  const { legs, state } = input;
  if (legs.length === 0) return [];
  const checks: CheckResult[] = [];
  const receivers: [Role, Record<string, unknown>[]][] = [
    ['business', input.businessStats],
    ['consumer', input.consumerStats],
  ];
  for (const [receiver, stats] of receivers) {
    const inbound = extractAudioSample(stats, 0, 0).inbound;
    if (inbound?.ssrc === undefined || inbound.packetsLost === undefined) continue;
    const sender = other(receiver);
    const path = legs.filter(
      (l) => l.kind === 'rtp' && l.ssrc === inbound.ssrc && ((l.role === sender && l.direction === 'up') || (l.role === receiver && l.direction === 'down')),
    );
    if (path.length === 0) continue;
    // A receiver counts a gap only once a later packet arrives: drops after the highest
    // packet it received (received + lost positions from its first one) are invisible to it.
    const positions = [...new Set(path.flatMap((l) => l.droppedPositions))].sort((a, b) => a - b);
    const capped = path.some((l) => l.droppedPositionsCapped);
    // Outages longer than the restart threshold are not loss to libwebrtc (see RESTART_GAP_PACKETS);
    // the receiver's horizon moves past them without counting them.
    const runs = runsOf(positions);
    const restarts = runs.filter((r) => r.length > RESTART_GAP_PACKETS);
    const restartPackets = restarts.reduce((n, r) => n + r.length, 0);
    const horizon = (inbound.packetsReceived ?? 0) + inbound.packetsLost + restartPackets;
    const counted = runs.filter((r) => r.length <= RESTART_GAP_PACKETS).flat();
    const drops = capped ? path.reduce((n, l) => n + dropped(l), 0) : counted.filter((p) => p < horizon).length;
    const unseen = capped ? 0 : counted.length - drops;
    const dupes = path.reduce((n, l) => n + l.duplicated, 0);
    const truth = drops - dupes;
    const restartNote =
      restarts.length > 0
        ? `; ${restarts.length} outage(s) of ${restarts.map((r) => r.length).join(', ')} packets exceed libwebrtc's ${RESTART_GAP_PACKETS}-packet restart threshold and are not loss to it`
        : '';
    checks.push({
      id: `truth.packets_lost.${receiver}`,
      ok: Math.abs(inbound.packetsLost - truth) <= LOST_TOLERANCE_PACKETS,
      severity: 'error',
      message:
        `${receiver} reports packetsLost ${inbound.packetsLost} for SSRC ${inbound.ssrc}; the relay dropped ${drops} ` +
        `and duplicated ${dupes} of its packets on ${sender} up + ${receiver} down before the last one it delivered, so ${truth} lost` +
        `${unseen > 0 ? ` (${unseen} more dropped after it, which no receiver can count)` : ''}${restartNote}; allowed ±${LOST_TOLERANCE_PACKETS}`,
    });
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
