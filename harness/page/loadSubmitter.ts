/**
 * The submitter the business agent uses (runs in the page): the default one, or a team's
 * module (`--submitter PATH`) served as /submitter.js, which exports the same
 * `submitCallMetrics(payload, opts, deps?)` (see submitter/README.md).
 */
import { submitCallMetrics, type SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import type { AgentInit } from './agentProtocol.ts';
import { loadTeamFunction } from './loadTeamFunction.ts';

export async function loadSubmitter(kind: AgentInit['submitter']): Promise<SubmitCallMetrics | { error: string }> {
  if (kind === 'default') return submitCallMetrics;
  return loadTeamFunction<SubmitCallMetrics>('/submitter.js', 'submitCallMetrics', '(payload, opts, deps?)');
}
