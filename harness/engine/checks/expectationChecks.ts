/**
 * A scenario's `expect`: what its call's metrics must show, written in threshold syntax and
 * evaluated on this one call (node side). Each expression becomes a check `expect.<metric>`.
 */
import type { CallResult, CheckResult } from '../../results/resultsTypes.ts';
import type { LoadedScenario } from '../../scenario/loadScenarios.ts';
import { evaluateThresholds } from '../../thresholds/evaluateThresholds.ts';

export function expectationChecks(scenario: LoadedScenario, call: CallResult): CheckResult[] {
  if (!scenario.expect) return [];
  const single = {
    schemaVersion: 1 as const,
    run: { id: '', startedAt: '', finishedAt: '', seed: 0, status: 'passed' as const, browser: { name: '', version: '' } },
    calls: [call],
    summary: { calls: 1, passed: 1, failed: 0 },
  };
  return evaluateThresholds(single, scenario.expect, { [scenario.id]: scenario.tags }).map((t) => ({
    id: `expect.${t.metric}`,
    ok: t.ok,
    severity: 'error' as const,
    message: t.message,
  }));
}
