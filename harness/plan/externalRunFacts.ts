/**
 * What results.json says about the team's integration a run tested (`run.business`): where it
 * listened, the command callsoak started, and where its output is, relative to the run
 * directory so the record reads the same wherever the directory is moved (node side).
 */
import { relative } from 'node:path';
import type { ExternalRunBusiness } from '../results/resultsTypes.ts';
import type { RunPlan } from './runPlan.ts';

/** `{ business }` to spread into results.json's `run`, or nothing without an external business */
export function externalRunFacts(plan: Pick<RunPlan, 'external' | 'runDir'>): { business?: ExternalRunBusiness } {
  const external = plan.external;
  if (!external) return {};
  return {
    business: {
      webhookUrl: external.webhookUrl,
      ...(external.command ? { command: external.command } : {}),
      ...(external.outputPath ? { output: relative(plan.runDir, external.outputPath) } : {}),
      ...(external.driver ? { driverFunctions: external.driverFunctions } : {}),
    },
  };
}
