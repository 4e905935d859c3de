/**
 * The business's audio counters at the end of a call, in raw getStats units: from the final
 * snapshot (`finalStats`, taken just before pc.close()) when there is one, otherwise from the
 * last per-second sample (up to a second older). Pure.
 */
import type { CallResult } from '../results/resultsTypes.ts';
import type { AudioSample } from '../stats/audioSample.ts';

export interface FinalAudio {
  /** where the counters came from */
  source: 'finalStats' | 'lastSample' | 'none';
  /** the audio inbound-rtp report's fields; undefined when no packet ever arrived */
  inbound: NonNullable<AudioSample['inbound']> | undefined;
  /** the audio remote-inbound-rtp report's fields; undefined before the first RTCP receiver report */
  remoteInbound: NonNullable<AudioSample['remoteInbound']> | undefined;
  /** the raw reports these came from (finalStats only), for showing next to the payload */
  reports: Record<string, unknown>[];
}

function isAudio(report: Record<string, unknown>): boolean {
  // `kind` is current; `mediaType` is what older Chromium reported
  return report.kind === 'audio' || report.mediaType === 'audio' || (report.kind === undefined && report.mediaType === undefined);
}

/** Only the finite numeric fields of a report, under their own names. */
function numbers(report: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(report)) if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  return out;
}

/**
 * Among several audio inbound-rtp reports (an SSRC change), the one that received the last
 * packet: the stream that was playing when the call ended.
 */
function latest(reports: Record<string, unknown>[]): Record<string, unknown> | undefined {
  let best: Record<string, unknown> | undefined;
  for (const r of reports) {
    const at = Number(r.lastPacketReceivedTimestamp ?? -Infinity);
    const bestAt = Number(best?.lastPacketReceivedTimestamp ?? -Infinity);
    if (!best || at > bestAt || (at === bestAt && Number(r.packetsReceived ?? 0) > Number(best.packetsReceived ?? 0))) best = r;
  }
  return best;
}

export function finalAudio(call: Pick<CallResult, 'finalStats' | 'samples'>): FinalAudio {
  const stats = Array.isArray(call.finalStats) ? call.finalStats.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object') : [];
  if (stats.length > 0) {
    const inbound = latest(stats.filter((r) => r.type === 'inbound-rtp' && isAudio(r)));
    const remote = stats.find((r) => r.type === 'remote-inbound-rtp' && isAudio(r));
    return {
      source: 'finalStats',
      inbound: inbound ? numbers(inbound) : undefined,
      remoteInbound: remote ? numbers(remote) : undefined,
      reports: [inbound, remote].filter((r): r is Record<string, unknown> => r !== undefined),
    };
  }
  const samples = Array.isArray(call.samples) ? call.samples : [];
  const last = samples.at(-1);
  if (!last) return { source: 'none', inbound: undefined, remoteInbound: undefined, reports: [] };
  // the last sample that had a report: a later sample without one (the stream stopped) keeps the totals
  const inbound = [...samples].reverse().find((s) => s.inbound)?.inbound;
  const remoteInbound = [...samples].reverse().find((s) => s.remoteInbound)?.remoteInbound;
  return { source: 'lastSample', inbound, remoteInbound, reports: [] };
}
