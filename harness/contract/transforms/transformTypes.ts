/**
 * The shape every transform has: the documentation's `transformRtcStats(stats)` plus the
 * call context a client fills in around it. Pure types; shared by the in-page agent, the
 * built-in transforms, a team's own module and the node-side checks.
 */

import type { StatsReportLike } from '../../stats/statsReportLike.ts';

export type { StatsReportLike };

/** What the business agent knew when the call ended. */
export interface CallContext {
  /** the call's id as the platform assigned it; non-empty */
  callId: string;
  /** the end_call_reason the agent decided on (one of the 22 values when the agent is correct) */
  endCallReason: string;
  /** free text from the business explaining the reason */
  endCallSubreason: string;
  /** when the business ended the call (hangup webhook / terminate success), Unix seconds, integer */
  callEndedTime: number;
  /** when the first inbound audio packet arrived, Unix seconds, integer; null = no audio ever arrived */
  firstAudioPacketReceivedTime: number | null;
}

/** A transform: final stats snapshot + context → the call_metrics request body. */
export type TransformRtcStats = (stats: StatsReportLike, context: CallContext) => Record<string, unknown>;

/** A remark a transform makes about how it derived a field (missing reports, clamping, fallbacks). */
export interface TransformNote {
  /** dotted payload path the note is about, e.g. `audio_stats.packets_lost` */
  field: string;
  /** what was found in the stats and what was sent instead, in plain words */
  message: string;
}
