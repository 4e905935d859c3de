/**
 * Who degraded a call's audio: the network, or the machine callsoak runs on. Pure.
 *
 * The business's receiver conceals audio when packets are lost or late, and its audio output
 * falls behind (plays less audio than time passed) when the renderer does not get to run. Where
 * the relay lost nothing on the path into the business (consumer uplink, business downlink) in
 * and around a second, and nothing on that path was set to delay, queue or hold packets, neither
 * is the network's doing: the receiving renderer or its audio output ran late. That is the
 * machine: its cores saturated at that moment, or the page's stats arriving late, show it.
 * Such a call's quality numbers describe the machine, not the client under test, and a QA
 * engineer reading them must be told so: a warning check `machine.degraded` naming the cause
 * and the seconds.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { AudioSample } from '../../stats/audioSample.ts';
import type { LegGroundTruth } from '../../relay/core/groundTruthTypes.ts';
import type { Impairment } from '../../relay/impairmentSchema.ts';
import type { MachineLoadPoint } from '../machineLoadSampler.ts';

/** a sample interval is degraded when at least this share of the audio played in it was concealed, % */
export const DEGRADED_SECOND_PCT = 5;
/** …or when the audio output played this much less than the time that passed, % of the interval */
export const DEGRADED_PLAYOUT_PCT = 10;
/**
 * the call is flagged when the audio time the network does not explain (concealed, or not
 * played) is at least this share of its audio time, %, and at least FLAG_MIN_S long; a stream's
 * start costs Chromium ~0.3–0.45 s of concealment on an idle machine, which stays under it
 */
export const FLAG_CONCEALED_PCT = 3;
/** the least audio time the machine must have cost for a flag, s */
export const FLAG_MIN_S = 0.75;
/** …with saturated cores or late stats; on its own it must reach this share, %, and twice FLAG_MIN_S */
export const FLAG_CONCEALED_ALONE_PCT = 5;
/** cores count as saturated at this busy share, % */
export const SATURATED_CPU_PCT = 90;
/** relay drops this close to an interval (either side) explain its concealment: the jitter buffer conceals a loss up to ~1 s after it, s */
const DROP_MARGIN_S = 1.5;
/** a sender whose packets arrive slower than this, or than half their usual rate, slowed or stopped (an Opus stream sends 50/s), per s */
const QUIET_PACKETS_PER_S = 10;
/** stats are late when two samples are this many expected intervals apart */
const LATE_SAMPLE_FACTOR = 1.6;

/** A time span of the call where the path into the business was shaped on purpose, seconds since the call started. */
export interface ShapedSpan {
  fromS: number;
  /** null: to the end of the call */
  toS: number | null;
}

export interface MachineDegradationInput {
  /** the business's per-interval samples (inbound audio) */
  samples: readonly AudioSample[];
  /** the relay's ground truth of the call's legs; the series' seconds count from the call's start */
  legs: readonly LegGroundTruth[];
  /** spans where an impairment on the path into the business delays, queues or holds packets */
  shaped: readonly ShapedSpan[];
  /** the machine's load during the call; empty where it could not be read */
  load: readonly MachineLoadPoint[];
  /** the sampling interval the samples were asked for, ms; default 1000 */
  sampleIntervalMs?: number;
}

export interface DegradedSpan {
  fromS: number;
  toS: number;
  /** share of the audio played in the span that was concealed, % */
  concealedPct: number;
  /** share of the span's time the audio output did not play (it fell behind), % */
  playoutLagPct: number;
  /** the busiest the cores were in the span, %; undefined when not read */
  cpuPct?: number;
  /** the widest gap between two stats samples in the span, s */
  sampleGapS: number;
}

export interface MachineDegradation {
  /** audio time the network does not explain — concealed, or not played — as a share of the call's audio time, % */
  machineConcealedPct: number;
  spans: DegradedSpan[];
  check: CheckResult;
}

/** Whether an impairment can make a receiver conceal without a packet lost: jitter, a rate limit, reordering, holds, schedules. */
export function shapesTiming(impairment: Impairment | undefined): boolean {
  if (!impairment) return false;
  return (
    (impairment.jitterMs ?? 0) > 0 ||
    (impairment.rateKbps ?? 0) > 0 ||
    (impairment.reorder ?? 0) > 0 ||
    (impairment.duplicate ?? 0) > 0 ||
    (impairment.blackouts?.length ?? 0) > 0 ||
    (impairment.schedule?.length ?? 0) > 0
  );
}

interface Interval {
  fromS: number;
  toS: number;
  /** seconds of audio concealed */
  concealedS: number;
  /** seconds of audio played */
  playedS: number;
  /** seconds that passed without audio played */
  deficitS: number;
  gapS: number;
}

export function machineDegradation(input: MachineDegradationInput): MachineDegradation {
  const expectedS = (input.sampleIntervalMs ?? 1000) / 1000;
  const inbound = input.samples.filter((s) => s.inbound && typeof s.inbound.concealedSamples === 'number' && typeof s.inbound.totalSamplesReceived === 'number');
  const ssrc = inbound.at(-1)?.inbound?.ssrc;
  // the path into the business: every RTP leg that carried the audio it received
  const path = input.legs.filter((l) => l.kind === 'rtp' && (ssrc === undefined || l.ssrc === ssrc) && ((l.role === 'consumer' && l.direction === 'up') || (l.role === 'business' && l.direction === 'down')));
  /** what the path offered and dropped in an interval widened by `marginS` on each side, datagrams */
  const wire = (fromS: number, toS: number, marginS: number) => {
    let offered = 0;
    let dropped = 0;
    for (const leg of path) {
      for (const p of leg.series) {
        if (p.tMs / 1000 + 1 <= fromS - marginS || p.tMs / 1000 >= toS + marginS) continue;
        offered += p.offered;
        dropped += p.dropped;
      }
    }
    return { offered, dropped };
  };
  const shapedAt = (fromS: number, toS: number) => input.shaped.some((s) => s.fromS < toS + DROP_MARGIN_S && (s.toS === null || s.toS > fromS - DROP_MARGIN_S));

  // each sample interval's counts, once
  const steps = inbound.slice(1).map((sample, i) => {
    const prev = inbound[i]!;
    const a = prev.inbound!;
    const b = sample.inbound!;
    const wallS = sample.t - prev.t;
    return {
      fromS: prev.t,
      toS: sample.t,
      wallS,
      /** audio had started before the interval (playout starts inside the first one) */
      flowing: a.totalSamplesReceived! > 0,
      received: b.totalSamplesReceived! - a.totalSamplesReceived!,
      concealed: b.concealedSamples! - a.concealedSamples!,
      played: typeof b.totalSamplesDuration === 'number' && typeof a.totalSamplesDuration === 'number' ? b.totalSamplesDuration - a.totalSamplesDuration : wallS,
      /** the receiver's own packet count: exact on the samples' axis, where the relay's seconds are coarse */
      arrived: typeof b.packetsReceived === 'number' && typeof a.packetsReceived === 'number' ? b.packetsReceived - a.packetsReceived : undefined,
    };
  });
  // the rate the sender's packets usually arrive at: a second well under it is a sender that slowed or stopped
  const flowing = steps
    .filter((st) => st.wallS > 0 && st.arrived !== undefined)
    .map((st) => st.arrived! / st.wallS)
    .filter((r) => r >= QUIET_PACKETS_PER_S)
    .sort((a, b) => a - b);
  const usualRate = flowing.length ? flowing[Math.floor(flowing.length / 2)]! : 0;
  const quietBelow = Math.max(QUIET_PACKETS_PER_S, usualRate / 2);
  const intervals: Interval[] = [];
  let totalS = 0;
  let machineS = 0;
  for (const { fromS, toS, wallS, flowing: started, received, concealed, played, arrived } of steps) {
    // no audio yet, none flowing, or a restarted stream
    if (!started || received <= 0 || concealed < 0) continue;
    const playedS = played > 0 ? played : wallS;
    totalS += wallS;
    // Concealment is the network's doing where it lost or shaped packets; an output that plays
    // less than the time that passed is the machine's, unless the wire was all but cut. A sender
    // that all but stopped (muted by replaceTrack, hung up) explains what its receiver does.
    const near = wire(fromS, toS, DROP_MARGIN_S);
    const quiet = (arrived ?? wire(fromS, toS, 0).offered / path.length) < quietBelow * wallS && near.dropped === 0;
    const concealmentExplained = quiet || near.dropped > 0 || shapedAt(fromS, toS);
    const outage = quiet || near.dropped / near.offered >= 0.5;
    const interval = {
      fromS,
      toS,
      concealedS: concealmentExplained ? 0 : (concealed / received) * playedS,
      playedS,
      deficitS: outage ? 0 : Math.max(0, wallS - playedS),
      gapS: wallS,
    };
    if (interval.concealedS === 0 && interval.deficitS === 0) continue;
    machineS += interval.concealedS + interval.deficitS;
    intervals.push(interval);
  }
  const machineConcealedPct = totalS > 0 ? (machineS / totalS) * 100 : 0;

  // degraded intervals, merged into spans
  const spans: DegradedSpan[] = [];
  let open: Interval | undefined;
  const close = () => {
    if (!open) return;
    const cpu = input.load.filter((p) => p.t > open!.fromS && p.t <= open!.toS + 1).map((p) => p.cpuPct);
    const wallS = open.toS - open.fromS;
    spans.push({
      fromS: round1(open.fromS),
      toS: round1(open.toS),
      concealedPct: round1((open.concealedS / open.playedS) * 100),
      playoutLagPct: round1((open.deficitS / wallS) * 100),
      ...(cpu.length ? { cpuPct: Math.max(...cpu) } : {}),
      sampleGapS: round1(open.gapS),
    });
    open = undefined;
  };
  for (const interval of intervals) {
    const wallS = interval.toS - interval.fromS;
    const degraded = (interval.concealedS / interval.playedS) * 100 >= DEGRADED_SECOND_PCT || (interval.deficitS / wallS) * 100 >= DEGRADED_PLAYOUT_PCT;
    if (!degraded) {
      close();
      continue;
    }
    if (open && interval.fromS <= open.toS + 0.01) {
      open.toS = interval.toS;
      open.concealedS += interval.concealedS;
      open.playedS += interval.playedS;
      open.deficitS += interval.deficitS;
      open.gapS = Math.max(open.gapS, interval.gapS);
    } else {
      close();
      open = { ...interval };
    }
  }
  close();

  const saturated = spans.filter((s) => (s.cpuPct ?? 0) >= SATURATED_CPU_PCT);
  const late = spans.filter((s) => s.sampleGapS >= expectedS * LATE_SAMPLE_FACTOR);
  const corroborated = saturated.length > 0 || late.length > 0;
  const flagged =
    path.length > 0 &&
    spans.length > 0 &&
    ((corroborated && machineConcealedPct >= FLAG_CONCEALED_PCT && machineS >= FLAG_MIN_S) || (machineConcealedPct >= FLAG_CONCEALED_ALONE_PCT && machineS >= 2 * FLAG_MIN_S));
  const where = spans.map(
    (s) =>
      `${s.fromS}–${s.toS} s (${[
        ...(s.concealedPct > 0 ? [`${s.concealedPct} % concealed`] : []),
        ...(s.playoutLagPct > 0 ? [`output ${s.playoutLagPct} % behind`] : []),
        ...(s.cpuPct !== undefined ? [`CPU ${s.cpuPct} %`] : []),
        ...(s.sampleGapS >= expectedS * LATE_SAMPLE_FACTOR ? [`stats ${s.sampleGapS} s apart`] : []),
      ].join(', ')})`,
  );
  const cause = [
    ...(saturated.length ? [`the machine's cores were saturated (≥ ${SATURATED_CPU_PCT} %)`] : []),
    ...(late.length ? ['the page ran late (its stats samples arrived late)'] : []),
  ];
  const check: CheckResult = flagged
    ? {
        id: 'machine.degraded',
        ok: false,
        severity: 'warning',
        message:
          `the machine, not the network, degraded this call: ${round1(machineS)} s (${round1(machineConcealedPct)} %) of the business's audio time was concealed or not played where the relay's losses and the scenario's shaping explain none of it` +
          `${cause.length ? ` and ${cause.join(' and ')}` : ''}, in ${where.join(', ')}. Its audio numbers describe this machine's load, not the client under test`,
      }
    : {
        id: 'machine.degraded',
        ok: true,
        severity: 'warning',
        message:
          inbound.length < 2
            ? 'no inbound audio samples: nothing to attribute'
            : path.length === 0
              ? "no relay ground truth for the audio the business received: the network's part cannot be told"
              : `audio the network does not explain (concealed, or not played): ${round1(machineS)} s, ${round1(machineConcealedPct)} % of the call's audio time (flagged from ${FLAG_MIN_S} s and ${FLAG_CONCEALED_PCT} % with saturated cores or late stats, ${2 * FLAG_MIN_S} s and ${FLAG_CONCEALED_ALONE_PCT} % alone)`,
        ...(inbound.length < 2 || path.length === 0 ? { noVerdict: true } : {}),
      };
  return { machineConcealedPct: round1(machineConcealedPct), spans, check };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
