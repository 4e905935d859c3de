/**
 * `--business node` / `--consumer node`: runs the selected scenarios with that side as a Node
 * peer (node side, the CLI). Every scenario the override cannot apply to is named, with the
 * field that needs a Chromium side, before anything starts.
 */
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import { runtimeProblems } from '../scenario/peerRuntimeRules.ts';
import type { PeerRuntime } from '../agent/agentPlatform.ts';
import { UsageError } from '../exit/exitCodes.ts';

export function applyPeerRuntimes(scenarios: LoadedScenario[], overrides: { business?: PeerRuntime; consumer?: PeerRuntime }): LoadedScenario[] {
  if (!overrides.business && !overrides.consumer) return scenarios;
  const flags = [overrides.business ? `--business ${overrides.business}` : '', overrides.consumer ? `--consumer ${overrides.consumer}` : ''].filter(Boolean).join(' ');
  const errors: string[] = [];
  const applied = scenarios.map((scenario) => {
    const next: LoadedScenario = { ...scenario, ...(overrides.business ? { business: overrides.business } : {}), ...(overrides.consumer ? { consumer: overrides.consumer } : {}) };
    for (const problem of runtimeProblems(next)) errors.push(`  ${scenario.file}: ${problem}`);
    return next;
  });
  if (errors.length > 0) throw new UsageError(`${flags} cannot run these scenarios:\n${errors.join('\n')}`);
  return applied;
}
