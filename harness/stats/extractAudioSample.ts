/**
 * Reduces one getStats() report to an AudioSample. Pure: runs in the page every sampling
 * period and in node on recorded snapshots.
 */
import type { AudioSample } from './audioSample.ts';
import type { StatsReportLike } from './statsReportLike.ts';

type Stat = Record<string, unknown>;

export const INBOUND_FIELDS = [
  'ssrc', 'packetsReceived', 'packetsLost', 'jitter', 'jitterBufferDelay', 'jitterBufferEmittedCount',
  'concealedSamples', 'silentConcealedSamples', 'concealmentEvents', 'totalSamplesReceived',
  'totalSamplesDuration', 'audioLevel', 'totalAudioEnergy', 'packetsDiscarded', 'bytesReceived',
  'lastPacketReceivedTimestamp',
] as const;
export const OUTBOUND_FIELDS = ['ssrc', 'packetsSent', 'bytesSent'] as const;
export const REMOTE_INBOUND_FIELDS = [
  'ssrc', 'roundTripTime', 'totalRoundTripTime', 'roundTripTimeMeasurements', 'fractionLost', 'packetsLost', 'jitter',
] as const;

function pick<K extends string>(stat: Stat, fields: readonly K[]): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const field of fields) {
    const value = stat[field];
    if (typeof value === 'number' && Number.isFinite(value)) out[field] = value;
  }
  return out;
}

const isAudio = (stat: Stat, type: string) =>
  stat.type === type && (stat.kind === 'audio' || stat.mediaType === 'audio');

/** The audio stream of a type with the most packets: the one actually carrying the call. */
function busiest(stats: Stat[], type: string, counter: string): Stat | undefined {
  let best: Stat | undefined;
  for (const stat of stats) {
    if (!isAudio(stat, type)) continue;
    if (!best || Number(stat[counter] ?? 0) > Number(best[counter] ?? 0)) best = stat;
  }
  return best;
}

/** Copies a report into plain JSON-safe objects (the form snapshots are stored in). */
export function statsToArray(report: StatsReportLike): Stat[] {
  const out: Stat[] = [];
  report.forEach((stat: Stat) => out.push({ ...stat }));
  return out;
}

/**
 * @param report a getStats() result
 * @param callStartMs the call's start, ms since the Unix epoch (sample `t` is relative to it)
 * @param nowMs the sampling time, ms since the Unix epoch
 */
export function extractAudioSample(report: StatsReportLike, callStartMs: number, nowMs: number): AudioSample {
  return audioSampleOf(statsToArray(report), callStartMs, nowMs);
}

/** The same, from a report already copied into plain objects (the sampler keeps that copy anyway). */
export function audioSampleOf(stats: Stat[], callStartMs: number, nowMs: number): AudioSample {
  const sample: AudioSample = { t: Math.round(nowMs - callStartMs) / 1000 };
  const inbound = busiest(stats, 'inbound-rtp', 'packetsReceived');
  if (inbound) {
    sample.inbound = pick(inbound, INBOUND_FIELDS);
    if (typeof inbound.timestamp === 'number') sample.timestampMs = Math.round(inbound.timestamp);
  }
  const outbound = busiest(stats, 'outbound-rtp', 'packetsSent');
  if (outbound) sample.outbound = pick(outbound, OUTBOUND_FIELDS);
  const remoteInbound = busiest(stats, 'remote-inbound-rtp', 'roundTripTimeMeasurements');
  if (remoteInbound) sample.remoteInbound = pick(remoteInbound, REMOTE_INBOUND_FIELDS);
  const transport = stats.find((s) => s.type === 'transport');
  const pairId = transport?.selectedCandidatePairId;
  const pair = stats.find((s) => s.type === 'candidate-pair' && (pairId ? s.id === pairId : s.nominated === true));
  if (pair && typeof pair.currentRoundTripTime === 'number') sample.candidatePairRtt = pair.currentRoundTripTime;
  if (transport && typeof transport.iceState === 'string') sample.iceState = transport.iceState;
  return sample;
}
