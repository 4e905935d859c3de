/**
 * What results.json records per call under `transforms`: the payload every transform builds
 * from the same final snapshot and context, and field by field where they differ. The
 * built-in transforms are recomputed here in node from the snapshot the page sent; a team's
 * module (which runs only in the page) contributes the payload it actually produced. Pure.
 */
import type { CallContext, TransformNote } from './transforms/transformTypes.ts';
import { specTransformWithNotes } from './transforms/specTransform.ts';
import { documentedTransform } from './transforms/documentedTransform.ts';
import { comparePayloads, type PayloadDifference } from './comparePayloads.ts';

export interface TransformsRecord {
  /** the transform whose payload was POSTed: `spec`, `documented` or the module path */
  chosen: string;
  /** each transform's payload, by name; the chosen one is exactly what was POSTed */
  payloads: Record<string, unknown>;
  /** how `spec` handled what the snapshot lacked (missing reports, negative packetsLost, fallbacks) */
  specNotes: TransformNote[];
  /** leaf paths whose value differs between the payloads, with each payload's value */
  differences: PayloadDifference[];
}

/** A snapshot of plain report objects as a stats report (what a transform iterates); keyed by position so equal ids cannot collapse. */
export function snapshotAsReport(finalStats: Record<string, unknown>[]): Map<string, Record<string, unknown>> {
  return new Map(finalStats.map((report, i) => [String(i), report]));
}

/** The context the in-page agent hands to a transform, from what it knew when the call ended. */
export function callContextFrom(input: {
  callId: string;
  reason: string;
  subreason: string;
  /** when the business ended the call, ms since the Unix epoch */
  endedAtMs: number;
  /** first inbound audio packet, ms since the Unix epoch; null = never */
  firstAudioAtMs: number | null;
}): CallContext {
  return {
    callId: input.callId,
    endCallReason: input.reason,
    endCallSubreason: input.subreason,
    callEndedTime: Math.floor(input.endedAtMs / 1000),
    firstAudioPacketReceivedTime: input.firstAudioAtMs === null ? null : Math.floor(input.firstAudioAtMs / 1000),
  };
}

/**
 * @param input.chosen name of the transform that produced `posted`
 * @param input.posted the payload that was POSTed (null when the transform failed)
 */
export function compareTransforms(input: {
  chosen: string;
  posted: unknown;
  finalStats: Record<string, unknown>[];
  context: CallContext;
}): TransformsRecord {
  const report = snapshotAsReport(input.finalStats);
  const spec = specTransformWithNotes(report, input.context);
  const payloads: Record<string, unknown> = {
    spec: spec.payload,
    documented: documentedTransform(report, input.context),
  };
  // The POSTed body is the truth for the chosen transform, built-in or not.
  payloads[input.chosen] = input.posted;
  return { chosen: input.chosen, payloads, specNotes: spec.notes, differences: comparePayloads(payloads) };
}
