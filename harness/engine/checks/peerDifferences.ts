/**
 * How a Node peer differs from a Chromium page, said explicitly for every call it takes part
 * in (node side, pure): what it does differently by construction, and — from its own final
 * getStats() snapshot against Chromium's recorded shape — which report types and fields it
 * lacks or adds. A field callsoak reads that is missing fails `peer.stats_fields`: the payload
 * would otherwise carry a made-up 0.
 */
import type { PeerRuntime } from '../../agent/agentPlatform.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { CHROMIUM_AUDIO_STATS_SHAPE, CHROMIUM_INBOUND_ID_EXAMPLE } from '../../stats/chromiumStatsShape.ts';
import { INBOUND_FIELDS, OUTBOUND_FIELDS, REMOTE_INBOUND_FIELDS } from '../../stats/extractAudioSample.ts';

/** The fields callsoak's sampler, transforms and checks read, by report type. */
const READ_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'inbound-rtp': INBOUND_FIELDS,
  'outbound-rtp': OUTBOUND_FIELDS,
  'remote-inbound-rtp': REMOTE_INBOUND_FIELDS,
  'candidate-pair': ['currentRoundTripTime'],
  transport: ['iceState', 'selectedCandidatePairId'],
};

/** What a Node peer does differently by construction (see harness/nodepeer/nodePlatform.ts). */
export const NODE_PEER_BEHAVIOUR: readonly string[] = [
  'microphone: the speech WAV through nonstandard.RTCAudioSource in 10 ms frames at real-time pace; no camera',
  'permissions: none — nothing asks before the microphone opens, so deny steps and denied devices need a Chromium side (refused when the scenario loads)',
  'playout: an RTCAudioSink pulls the remote track (there is no <audio> element)',
  'first audio packet: found by polling inbound-rtp packetsReceived every 20 ms — libwebrtc in Node never mutes a remote track, so there is no unmute event',
  'going away: close stops the process, which reports its call and lets its submission finish (no sendBeacon); crash is SIGKILL',
];

export interface PeerDescription {
  runtime: PeerRuntime;
  /** e.g. 'Chromium 156.0.8078.73', 'Node v20.20.2, @roamhq/wrtc 0.10.0' */
  version: string;
  /** how this peer differs from a Chromium page; empty for Chromium */
  differences: string[];
  /** a Chromium side's page: its own, or shared with other participants (soak) */
  page?: 'own' | 'shared';
}

type Stat = Record<string, unknown>;

/** The snapshot's report types and their fields (id, timestamp, type left out). */
function shapeOf(snapshot: Stat[]): Map<string, Set<string>> {
  const shape = new Map<string, Set<string>>();
  for (const stat of snapshot) {
    const type = String(stat.type);
    const fields = shape.get(type) ?? new Set<string>();
    for (const key of Object.keys(stat)) if (key !== 'id' && key !== 'timestamp' && key !== 'type') fields.add(key);
    shape.set(type, fields);
  }
  return shape;
}

/** Differences of a snapshot's shape from Chromium's, one line per report type that differs. */
export function statsShapeDifferences(snapshot: Stat[]): string[] {
  if (snapshot.length === 0) return ['no final getStats() snapshot to compare with Chromium'];
  const shape = shapeOf(snapshot);
  const lines: string[] = [];
  for (const [type, chromiumFields] of Object.entries(CHROMIUM_AUDIO_STATS_SHAPE)) {
    const fields = shape.get(type);
    if (!fields) {
      lines.push(`stats: no ${type} report (Chromium has one)`);
      continue;
    }
    const missing = chromiumFields.filter((f) => !fields.has(f));
    const extra = [...fields].filter((f) => !chromiumFields.includes(f));
    if (missing.length > 0 || extra.length > 0) {
      lines.push(`stats: ${type}${missing.length ? ` lacks ${missing.join(', ')}` : ''}${missing.length && extra.length ? ';' : ''}${extra.length ? ` adds ${extra.join(', ')}` : ''}`);
    }
  }
  const extraTypes = [...shape.keys()].filter((t) => !(t in CHROMIUM_AUDIO_STATS_SHAPE));
  if (extraTypes.length > 0) lines.push(`stats: reports Chromium does not give: ${extraTypes.join(', ')}`);
  const inboundId = snapshot.find((s) => s.type === 'inbound-rtp')?.id;
  if (typeof inboundId === 'string' && !/^IT/.test(inboundId)) lines.push(`stats ids: ${inboundId} (Chromium: ${CHROMIUM_INBOUND_ID_EXAMPLE}); callsoak matches reports by type and SSRC, never by id`);
  return lines;
}

export function describePeer(runtime: PeerRuntime, version: string, finalStats: Stat[], ownPage?: boolean): PeerDescription {
  if (runtime === 'chromium') return { runtime, version, differences: [], ...(ownPage === undefined ? {} : { page: ownPage ? 'own' : 'shared' }) };
  return { runtime, version, differences: [...NODE_PEER_BEHAVIOUR, ...statsShapeDifferences(finalStats)] };
}

/**
 * `peer.stats_fields`: every field callsoak reads is in this peer's final snapshot, on the
 * reports that carried the call: inbound-rtp with packets, the nominated candidate pair, a
 * connected transport. Before media flows libwebrtc gives inbound-rtp without audioLevel and
 * a transport without a selected pair, as Chromium does, so a call without media is not judged.
 */
export function statsFieldsCheck(name: string, runtime: PeerRuntime, finalStats: Stat[]): CheckResult | undefined {
  const active = finalStats.filter(
    (s) =>
      (s.type === 'inbound-rtp' && Number(s.packetsReceived ?? 0) > 0) ||
      (s.type === 'candidate-pair' && s.nominated === true) ||
      (s.type === 'transport' && s.iceState === 'connected') ||
      s.type === 'outbound-rtp' ||
      s.type === 'remote-inbound-rtp',
  );
  if (!active.some((s) => s.type === 'inbound-rtp')) return undefined;
  const shape = shapeOf(active);
  const missing: string[] = [];
  for (const [type, fields] of Object.entries(READ_FIELDS)) {
    const present = shape.get(type);
    if (!present) continue;
    for (const field of fields) if (!present.has(field) && CHROMIUM_AUDIO_STATS_SHAPE[type]?.includes(field)) missing.push(`${type}.${field}`);
  }
  return {
    id: 'peer.stats_fields',
    ok: missing.length === 0,
    severity: 'error',
    message:
      missing.length === 0
        ? `${name} (${runtime}): every stats field callsoak reads is in its final snapshot`
        : `${name} (${runtime}): its final snapshot lacks ${missing.join(', ')}, which callsoak reads (Chromium gives them); payload and checks would see 0 for them`,
  };
}
