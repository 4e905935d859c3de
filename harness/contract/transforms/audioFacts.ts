/**
 * Reads the facts a payload is made of out of one getStats snapshot, deliberately: which
 * audio receiver, which counters summed across SSRC changes, what to do with missing or
 * negative values, where the round-trip time comes from. The `spec` transform sends these
 * facts; the contract checks compare any payload against them. Pure: runs in the page.
 */
import type { StatsReportLike, TransformNote } from './transformTypes.ts';

/** One audio receiver (all inbound-rtp audio reports of one track), counters summed over its SSRCs. */
export interface ReceiverFacts {
  /** what grouped the reports: the track's identifier, else its mid, else 'audio' */
  key: string;
  /** ids of the inbound-rtp reports summed, sorted */
  reportIds: string[];
  /** SSRCs summed, in report-id order */
  ssrcs: number[];
  /** count, Σ packetsReceived */
  packetsReceived: number;
  /** count, Σ max(0, packetsLost) — a negative SSRC counts 0, it does not cancel another's loss */
  packetsLost: number;
  /** count, Σ packetsLost as reported (may be negative) */
  packetsLostRaw: number;
  /** SSRCs that reported a negative packetsLost (duplicates outnumbered losses) */
  negativeLoss: { ssrc: number | null; packetsLost: number }[];
  /** seconds, the current RFC 3550 estimate of the active SSRC; null when not reported */
  jitter: number | null;
  /** the report jitter came from: the one with the latest lastPacketReceivedTimestamp */
  activeReportId: string;
  /** seconds, Σ jitterBufferDelay (a running sum over emitted samples) */
  jitterBufferDelay: number;
  /** samples, Σ jitterBufferEmittedCount */
  jitterBufferEmittedCount: number;
  /** samples, Σ concealedSamples */
  concealedSamples: number;
  /** samples, Σ silentConcealedSamples */
  silentConcealedSamples: number;
  /** seconds, Σ totalSamplesDuration */
  totalSamplesDuration: number;
}

/** Where the round-trip time comes from, most to least preferred. */
export type RttSource = 'remote-inbound-rtp' | 'remote-inbound-rtp-latest' | 'candidate-pair' | 'none';

export interface RttFacts {
  source: RttSource;
  /** seconds, Σ totalRoundTripTime over the audio remote-inbound-rtp reports; null when absent */
  totalRoundTripTime: number | null;
  /** count, Σ roundTripTimeMeasurements; 0 when absent */
  measurements: number;
  /** seconds, the average RTT the payload should carry; null when nothing measured one */
  averageSec: number | null;
}

export interface AudioFacts {
  /** the chosen receiver; null when the snapshot has no inbound-rtp audio (no media yet) */
  receiver: ReceiverFacts | null;
  /** how many audio receivers (tracks) the snapshot has */
  receiverCount: number;
  rtt: RttFacts;
  /** how each fact was derived where the snapshot was incomplete or odd */
  notes: TransformNote[];
}

type Report = Record<string, unknown>;

/** A finite number, else undefined (NaN, Infinity, strings, null all count as missing). */
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function isAudio(report: Report): boolean {
  // `mediaType` is the pre-2019 name of `kind`; older Chromium builds still send only it.
  return report.kind === 'audio' || (report.kind === undefined && report.mediaType === 'audio');
}

function byId(a: Report, b: Report): number {
  const x = String(a.id ?? '');
  const y = String(b.id ?? '');
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Collects the snapshot's reports in a stable order (by id), whatever order forEach gave. */
function collect(stats: StatsReportLike): Report[] {
  const reports: Report[] = [];
  stats.forEach((report: unknown) => {
    if (report !== null && typeof report === 'object') reports.push(report as Report);
  });
  return reports.sort(byId);
}

/** Reads a non-negative cumulative counter; a missing or negative value counts 0 and is noted. */
function counter(report: Report, name: string, field: string, notes: TransformNote[]): number {
  const value = num(report[name]);
  if (value === undefined) {
    notes.push({ field, message: `${String(report.type)} ${String(report.id ?? '')} has no ${name}; counted 0` });
    return 0;
  }
  if (value < 0) {
    notes.push({ field, message: `${String(report.type)} ${String(report.id ?? '')} has ${name} ${value} (< 0, impossible for this counter); counted 0` });
    return 0;
  }
  return value;
}

function receiverKey(report: Report): string {
  if (typeof report.trackIdentifier === 'string' && report.trackIdentifier !== '') return `track:${report.trackIdentifier}`;
  if (typeof report.mid === 'string' && report.mid !== '') return `mid:${report.mid}`;
  return 'audio';
}

function sumReceiver(key: string, reports: Report[], notes: TransformNote[]): ReceiverFacts {
  const facts: ReceiverFacts = {
    key,
    reportIds: reports.map((r) => String(r.id ?? '')),
    ssrcs: reports.map((r) => num(r.ssrc)).filter((s): s is number => s !== undefined),
    packetsReceived: 0,
    packetsLost: 0,
    packetsLostRaw: 0,
    negativeLoss: [],
    jitter: null,
    activeReportId: '',
    jitterBufferDelay: 0,
    jitterBufferEmittedCount: 0,
    concealedSamples: 0,
    silentConcealedSamples: 0,
    totalSamplesDuration: 0,
  };
  let active: Report | undefined;
  for (const report of reports) {
    facts.packetsReceived += counter(report, 'packetsReceived', 'audio_stats.packets_received', notes);
    const lost = num(report.packetsLost);
    if (lost === undefined) {
      notes.push({ field: 'audio_stats.packets_lost', message: `inbound-rtp ${String(report.id ?? '')} has no packetsLost; counted 0` });
    } else {
      facts.packetsLostRaw += lost;
      if (lost < 0) facts.negativeLoss.push({ ssrc: num(report.ssrc) ?? null, packetsLost: lost });
      facts.packetsLost += Math.max(0, lost);
    }
    // Sum and count only as a pair: a delay sum without its sample count would inflate the average.
    const delay = counter(report, 'jitterBufferDelay', 'audio_stats.jitter_buffer_delay_ms', notes);
    const emitted = counter(report, 'jitterBufferEmittedCount', 'audio_stats.jitter_buffer_delay_ms', notes);
    if (emitted > 0) {
      facts.jitterBufferDelay += delay;
      facts.jitterBufferEmittedCount += emitted;
    }
    facts.concealedSamples += counter(report, 'concealedSamples', 'audio_stats.concealed_samples', notes);
    facts.silentConcealedSamples += counter(report, 'silentConcealedSamples', 'audio_stats.silent_concealed_samples', notes);
    facts.totalSamplesDuration += counter(report, 'totalSamplesDuration', 'audio_stats.total_samples_duration_ms', notes);
    if (!active || isMoreRecent(report, active)) active = report;
  }
  for (const n of facts.negativeLoss) {
    notes.push({
      field: 'audio_stats.packets_lost',
      message: `inbound-rtp ssrc ${n.ssrc ?? '?'} reports packetsLost ${n.packetsLost} (more duplicates than losses, RFC 3550); counted as 0 lost`,
    });
  }
  if (active) {
    facts.activeReportId = String(active.id ?? '');
    const jitter = num(active.jitter);
    if (jitter === undefined || jitter < 0) {
      notes.push({ field: 'audio_stats.jitter', message: `inbound-rtp ${facts.activeReportId} has no valid jitter; sent 0` });
    } else {
      facts.jitter = jitter;
    }
  }
  return facts;
}

/** The SSRC that is playing now: latest packet, then most packets (stable for equal reports). */
function isMoreRecent(candidate: Report, current: Report): boolean {
  const a = num(candidate.lastPacketReceivedTimestamp) ?? -Infinity;
  const b = num(current.lastPacketReceivedTimestamp) ?? -Infinity;
  if (a !== b) return a > b;
  return (num(candidate.packetsReceived) ?? 0) > (num(current.packetsReceived) ?? 0);
}

function chooseReceiver(reports: Report[], notes: TransformNote[]): { receiver: ReceiverFacts | null; count: number } {
  const groups = new Map<string, Report[]>();
  for (const report of reports) {
    if (report.type !== 'inbound-rtp' || !isAudio(report)) continue;
    const key = receiverKey(report);
    const list = groups.get(key) ?? [];
    list.push(report);
    groups.set(key, list);
  }
  if (groups.size === 0) {
    notes.push({ field: 'audio_stats', message: 'no inbound-rtp audio report: no audio packet arrived; every receive counter sent as 0' });
    return { receiver: null, count: 0 };
  }
  // The receiver that carried the call is the one with the most packets: a 1:1 call has one
  // audio track, and an extra one (an early-media or renegotiated transceiver) carries less.
  let best: { key: string; received: number } | undefined;
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const received = list.reduce((sum, r) => sum + Math.max(0, num(r.packetsReceived) ?? 0), 0);
    if (!best || received > best.received) best = { key, received };
  }
  const chosen = best as { key: string; received: number };
  if (groups.size > 1) {
    notes.push({ field: 'audio_stats', message: `${groups.size} audio receivers in the snapshot; used ${chosen.key}, the one with the most packets received (${chosen.received})` });
  }
  return { receiver: sumReceiver(chosen.key, groups.get(chosen.key) ?? [], notes), count: groups.size };
}

function chooseRtt(reports: Report[], notes: TransformNote[]): RttFacts {
  const remote = reports.filter((r) => r.type === 'remote-inbound-rtp' && isAudio(r));
  let total: number | null = null;
  let measurements = 0;
  let latest: number | undefined;
  for (const report of remote) {
    const sum = num(report.totalRoundTripTime);
    const count = num(report.roundTripTimeMeasurements);
    if (sum !== undefined && sum >= 0 && count !== undefined && count > 0) {
      total = (total ?? 0) + sum;
      measurements += count;
    }
    const rtt = num(report.roundTripTime);
    if (rtt !== undefined && rtt >= 0) latest = rtt;
  }
  if (total !== null && measurements > 0) {
    return { source: 'remote-inbound-rtp', totalRoundTripTime: total, measurements, averageSec: total / measurements };
  }
  if (latest !== undefined) {
    notes.push({ field: 'audio_stats.round_trip_time_ms', message: 'remote-inbound-rtp has roundTripTime but no totalRoundTripTime/roundTripTimeMeasurements; sent the latest roundTripTime' });
    return { source: 'remote-inbound-rtp-latest', totalRoundTripTime: null, measurements: 0, averageSec: latest };
  }
  const pair = selectedPairRtt(reports);
  if (pair !== undefined) {
    notes.push({
      field: 'audio_stats.round_trip_time_ms',
      message: `no RTCP round-trip measurement yet (remote-inbound-rtp ${remote.length ? 'without measurements' : 'absent'}); sent the ICE candidate pair's STUN round-trip time over the same path, ${(pair * 1000).toFixed(3)} ms`,
    });
    return { source: 'candidate-pair', totalRoundTripTime: null, measurements: 0, averageSec: pair };
  }
  notes.push({ field: 'audio_stats.round_trip_time_ms', message: 'no round-trip time measured at all (no RTCP RTT, no ICE candidate pair RTT); sent 0' });
  return { source: 'none', totalRoundTripTime: null, measurements: 0, averageSec: null };
}

/** The selected ICE pair's average STUN RTT (totalRoundTripTime / responsesReceived), else its latest. */
function selectedPairRtt(reports: Report[]): number | undefined {
  const pairs = reports.filter((r) => r.type === 'candidate-pair');
  const selectedIds = new Set(reports.filter((r) => r.type === 'transport').map((r) => r.selectedCandidatePairId));
  const pair = pairs.find((p) => selectedIds.has(p.id)) ?? pairs.find((p) => p.nominated === true && p.state === 'succeeded');
  if (!pair) return undefined;
  const total = num(pair.totalRoundTripTime);
  const responses = num(pair.responsesReceived);
  if (total !== undefined && total >= 0 && responses !== undefined && responses > 0) return total / responses;
  const current = num(pair.currentRoundTripTime);
  return current !== undefined && current >= 0 ? current : undefined;
}

/** Everything a payload's audio_stats is made of, read from one snapshot. */
export function extractAudioFacts(stats: StatsReportLike): AudioFacts {
  const notes: TransformNote[] = [];
  const reports = collect(stats);
  const { receiver, count } = chooseReceiver(reports, notes);
  const rtt = chooseRtt(reports, notes);
  return { receiver, receiverCount: count, rtt, notes };
}
