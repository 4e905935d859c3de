/**
 * Runs the selected transform on the final snapshot, inside the page, exactly where a real
 * client runs its own. A team's module (`--transform PATH`) is served as /transform.js.
 */
import { documentedTransform } from '../contract/transforms/documentedTransform.ts';
import { specTransform } from '../contract/transforms/specTransform.ts';
import type { CallContext, StatsReportLike } from '../contract/transforms/transformTypes.ts';
import type { AgentInit } from './agentProtocol.ts';

type Transform = (stats: StatsReportLike, context: CallContext) => unknown;

async function loadTransform(kind: AgentInit['transform']): Promise<Transform> {
  if (kind === 'spec') return specTransform;
  if (kind === 'documented') return documentedTransform;
  const url = '/transform.js';
  const mod = (await import(/* @vite-ignore */ url)) as { transformRtcStats?: unknown; default?: unknown };
  const fn = mod.transformRtcStats ?? (mod.default as { transformRtcStats?: unknown } | undefined)?.transformRtcStats;
  if (typeof fn !== 'function') throw new Error('does not export a function transformRtcStats(stats, context)');
  return fn as Transform;
}

/** @returns the payload, or the reason there is none (the message names no module: the harness adds that) */
export async function buildPayload(
  kind: AgentInit['transform'],
  stats: StatsReportLike,
  context: CallContext,
): Promise<{ payload: Record<string, unknown> } | { error: string }> {
  let result: unknown;
  try {
    const transform = await loadTransform(kind);
    result = await transform(stats, context);
  } catch (error) {
    const e = error as { name?: string; message?: string };
    return { error: `threw ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}` };
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    const got = result === null ? 'null' : Array.isArray(result) ? 'an array' : typeof result;
    return { error: `returned ${got}, expected the payload object` };
  }
  return { payload: result as Record<string, unknown> };
}
