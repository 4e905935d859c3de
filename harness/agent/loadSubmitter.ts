/**
 * The submitter the business agent uses (runs in the peer): the default one, or a team's
 * module (`--submitter PATH`), which exports the same
 * `submitCallMetrics(payload, opts, deps?)` (see submitter/README.md).
 */
import { submitCallMetrics, type SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import type { AgentInit } from './agentProtocol.ts';
import { loadTeamFunction } from './loadTeamFunction.ts';
import type { AgentPlatform } from './agentPlatform.ts';

export async function loadSubmitter(kind: AgentInit['submitter'], platform: AgentPlatform): Promise<SubmitCallMetrics | { error: string }> {
  if (kind === 'default') return submitCallMetrics;
  return loadTeamFunction<SubmitCallMetrics>(platform, 'submitter', 'submitCallMetrics', '(payload, opts, deps?)');
}
