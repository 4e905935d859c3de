/**
 * The submitter the business agent uses (runs in the page): the default one, or a team's
 * module (`--submitter PATH`) served as /submitter.js, which exports the same
 * `submitCallMetrics(payload, opts, deps?)` (see submitter/README.md).
 */
import { submitCallMetrics, type SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import type { AgentInit } from './agentProtocol.ts';

export async function loadSubmitter(kind: AgentInit['submitter']): Promise<SubmitCallMetrics | { error: string }> {
  if (kind === 'default') return submitCallMetrics;
  try {
    const url = '/submitter.js';
    const mod = (await import(url)) as { submitCallMetrics?: unknown };
    if (typeof mod.submitCallMetrics !== 'function') return { error: 'does not export a function submitCallMetrics(payload, opts, deps?)' };
    return mod.submitCallMetrics as SubmitCallMetrics;
  } catch (error) {
    return { error: `failed to load: ${(error as Error).message}` };
  }
}
