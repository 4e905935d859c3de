/**
 * How many of a stream's missing packets its receiver can count as lost, from where they went
 * missing (stream positions, packets, in the receiver's coordinates: 0-based from the first
 * packet of its SSRC, sequence-unwrapped). Pure: the ground-truth checks give it the relay's
 * drops, and with a media edge in the path the edge's holes too.
 */

/** How far a receiver's packetsLost may be from the truth: losses in a call's last instants never reach its counters. */
export const LOST_TOLERANCE_PACKETS = 3;

/**
 * libwebrtc's receive statistics read a sequence-number jump larger than this as a stream
 * restart, not as loss (StreamStatisticianImpl::UpdateOutOfOrder, max_reordering_threshold),
 * so an outage longer than ~1 s of audio is missing from packetsLost: a 3 s blackout
 * (150 packets) leaves packetsLost at 0, while bursts of a few packets count in full.
 */
export const RESTART_GAP_PACKETS = 50;

/** one place packets went missing */
export interface MissingSource {
  /** positions of the missing packets (any order; duplicates across sources count once) */
  positions: number[];
  /** true when `positions` stopped growing at a cap: then `total` is all that is known */
  capped: boolean;
  /** every packet that went missing here, the list's cap notwithstanding */
  total: number;
}

export interface LostBeforeHorizon {
  /** missing packets the receiver can count: before its horizon, outside restart-sized outages */
  lost: number;
  /** the same per source, in the order given (a position in two sources counts in both) */
  perSource: number[];
  /** missing after the last packet the receiver got: no receiver can count them */
  unseen: number;
  /** lengths of the outages longer than RESTART_GAP_PACKETS, which libwebrtc does not count */
  restarts: number[];
  /** per source, its positions inside those outages (so a message can say where an outage was) */
  perSourceInRestarts: number[];
}

/**
 * @param sources where packets went missing
 * @param inbound the receiver's counters for the stream (packets)
 */
export function lostBeforeHorizon(sources: MissingSource[], inbound: { packetsReceived?: number; packetsLost: number }): LostBeforeHorizon {
  if (sources.some((s) => s.capped)) {
    // no positions to place against the horizon: every drop counts
    const perSource = sources.map((s) => s.total);
    return { lost: perSource.reduce((a, b) => a + b, 0), perSource, unseen: 0, restarts: [], perSourceInRestarts: sources.map(() => 0) };
  }
  const positions = [...new Set(sources.flatMap((s) => s.positions))].sort((a, b) => a - b);
  const runs = runsOf(positions);
  const restarts = runs.filter((r) => r.length > RESTART_GAP_PACKETS);
  const restartPackets = restarts.reduce((n, r) => n + r.length, 0);
  // A receiver counts a gap only once a later packet arrives: its horizon is its received + lost
  // positions from its first packet, and it moves past restart-sized outages without counting them.
  const horizon = (inbound.packetsReceived ?? 0) + inbound.packetsLost + restartPackets;
  const counted = new Set(runs.filter((r) => r.length <= RESTART_GAP_PACKETS).flat().filter((p) => p < horizon));
  const inRestart = new Set(restarts.flat());
  const all = runs.reduce((n, r) => n + (r.length <= RESTART_GAP_PACKETS ? r.length : 0), 0);
  return {
    lost: counted.size,
    perSource: sources.map((s) => new Set(s.positions.filter((p) => counted.has(p))).size),
    unseen: all - counted.size,
    restarts: restarts.map((r) => r.length),
    perSourceInRestarts: sources.map((s) => new Set(s.positions.filter((p) => inRestart.has(p))).size),
  };
}

/** what a message says about outages libwebrtc does not count; '' when there were none */
export function restartNote(restarts: number[]): string {
  if (restarts.length === 0) return '';
  return `; ${restarts.length} outage(s) of ${restarts.join(', ')} packets exceed libwebrtc's ${RESTART_GAP_PACKETS}-packet restart threshold and are not loss to it`;
}

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
