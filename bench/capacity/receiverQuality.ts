/**
 * Audio quality of receivers over a measured interval, and whether a whole set of calls holds
 * the capacity criteria. Pure.
 *
 * Per receiver, from its inbound-rtp audio counters at the interval's start and end:
 *   loss_pct    = Δ packetsLost / (Δ packetsReceived + Δ packetsLost) × 100
 *   conceal_pct = Δ concealedSamples / Δ totalSamplesReceived × 100
 * A receiver that got nothing (or whose counters are missing) counts as 100 %: a call that
 * could not even carry audio at this N has failed it.
 *
 * The set is judged by its WORST receiver, not the 95th percentile. "The machine holds N calls"
 * means every one of them is clean: a soak where one call in twenty shows harness-made loss
 * fails that call's ground-truth checks, and its user cannot tell which loss was configured.
 * Both sides have the same number of receivers (2 per call: the harness's business and
 * consumer, the reference's two ends of each pair), so the max is taken over equally large
 * sets and the comparison stays fair; and up to 20 receivers a p95 is within one receiver of
 * the max anyway. The p95 is printed next to it for whoever wants the softer reading.
 * Note the granularity: ~50 packets/s over 18 s is ~900 packets, so loss < 0.1 % means no
 * packet lost at all on that receiver.
 */
import { quantileSorted } from 'simple-statistics';

/** the inbound-rtp (audio) counters the criteria need, cumulative, as getStats reports them */
export interface ReceiverCounters {
  /** count */
  packetsReceived: number;
  /** count; may be negative with duplicates */
  packetsLost: number;
  /** samples */
  concealedSamples: number;
  /** samples */
  totalSamplesReceived: number;
}

export interface ReceiverQuality {
  /** % of the interval's packets lost */
  loss_pct: number;
  /** % of the interval's samples concealed */
  conceal_pct: number;
}

/** the bar: loss < 0.1 % */
export const MAX_LOSS_PCT = 0.1;
/** the bar: concealment < 0.5 % */
export const MAX_CONCEAL_PCT = 0.5;

export function qualityBetween(start: ReceiverCounters | undefined, end: ReceiverCounters | undefined): ReceiverQuality {
  if (!start || !end) return { loss_pct: 100, conceal_pct: 100 };
  const received = end.packetsReceived - start.packetsReceived;
  const lost = end.packetsLost - start.packetsLost;
  const samples = end.totalSamplesReceived - start.totalSamplesReceived;
  const concealed = end.concealedSamples - start.concealedSamples;
  return {
    loss_pct: received + lost > 0 && received > 0 ? (Math.max(0, lost) / (received + lost)) * 100 : 100,
    conceal_pct: samples > 0 ? (Math.max(0, concealed) / samples) * 100 : 100,
  };
}

export interface SetQuality {
  receivers: number;
  /** worst receiver, % */
  worstLossPct: number;
  worstConcealPct: number;
  /** 95th percentile across receivers, % */
  p95LossPct: number;
  p95ConcealPct: number;
  /** the worst receiver is under both bars */
  ok: boolean;
}

/**
 * @param expected receivers the set should have (2 per call); missing ones count as 100 %
 */
export function judgeSet(receivers: ReceiverQuality[], expected: number): SetQuality {
  const all = [...receivers];
  while (all.length < expected) all.push({ loss_pct: 100, conceal_pct: 100 });
  const loss = all.map((r) => r.loss_pct).sort((a, b) => a - b);
  const conceal = all.map((r) => r.conceal_pct).sort((a, b) => a - b);
  const worstLossPct = loss.at(-1) ?? 100;
  const worstConcealPct = conceal.at(-1) ?? 100;
  return {
    receivers: all.length,
    worstLossPct,
    worstConcealPct,
    p95LossPct: loss.length > 0 ? quantileSorted(loss, 0.95) : 100,
    p95ConcealPct: conceal.length > 0 ? quantileSorted(conceal, 0.95) : 100,
    ok: all.length > 0 && worstLossPct < MAX_LOSS_PCT && worstConcealPct < MAX_CONCEAL_PCT,
  };
}
