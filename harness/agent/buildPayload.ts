/**
 * Loads the selected transform once and runs it on the final snapshot, inside the peer,
 * exactly where a real client runs its own. A team's module (`--transform PATH`) is loaded
 * through the platform. Running is synchronous so the going-away path can use it too.
 */
import { documentedTransform } from '../contract/transforms/documentedTransform.ts';
import { specTransform } from '../contract/transforms/specTransform.ts';
import type { CallContext, StatsReportLike } from '../contract/transforms/transformTypes.ts';
import type { AgentInit } from './agentProtocol.ts';
import { loadTeamFunction } from './loadTeamFunction.ts';
import type { AgentPlatform } from './agentPlatform.ts';

export type PageTransform = (stats: StatsReportLike, context: CallContext) => unknown;

export async function loadTransform(kind: AgentInit['transform'], platform: AgentPlatform): Promise<PageTransform | { error: string }> {
  if (kind === 'spec') return specTransform;
  if (kind === 'documented') return documentedTransform;
  return loadTeamFunction<PageTransform>(platform, 'transform', 'transformRtcStats', '(stats, context)');
}

/** @returns the payload, or why there is none (the harness adds the module's name) */
export function buildPayload(
  transform: PageTransform | { error: string },
  stats: StatsReportLike,
  context: CallContext,
): { payload: Record<string, unknown> } | { error: string } {
  if (typeof transform !== 'function') return transform;
  let result: unknown;
  try {
    result = transform(stats, context);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { error: `threw ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}` };
  }
  if (result instanceof Promise) return { error: 'returned a Promise; transformRtcStats must return the payload object' };
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    const got = result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result;
    return { error: `returned ${got}, expected the payload object` };
  }
  return { payload: result as Record<string, unknown> };
}
