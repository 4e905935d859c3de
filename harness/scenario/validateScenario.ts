/**
 * Validates one scenario file's default export and collects every problem (node side).
 * Steps are checked in two passes — first the step kind, then that kind's own fields — so a
 * typo in `do` reads "unknown step 'hangpu'" instead of one error per possible step.
 */
import { schemaErrors } from '../schema/schemaErrors.ts';
import { validateImpairment, validateNetwork } from '../relay/impairmentSchema.ts';
import { parseFaultPlan } from '../endpoint/faultPlanSchema.ts';
import { validateThresholds } from '../thresholds/thresholdsSchema.ts';
import { runtimeProblems } from './peerRuntimeRules.ts';
import { ScenarioSchema, STEP_SCHEMAS, type Scenario, type StepKind } from './scenarioSchema.ts';

const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

/** @returns the scenario, or every error (without the file name; the loader adds it) */
export function validateScenario(value: unknown): { scenario: Scenario } | { errors: string[] } {
  const errors = schemaErrors(ScenarioSchema, value);
  const timeline = (value as { timeline?: unknown } | null)?.timeline;
  if (Array.isArray(timeline)) {
    timeline.forEach((step, index) => {
      const kind = (step as { do?: unknown } | null)?.do;
      if (typeof kind !== 'string') return; // already reported by the base schema
      if (!(STEP_KINDS as string[]).includes(kind)) {
        errors.push(`timeline[${index}].do: unknown step '${kind}' (steps: ${STEP_KINDS.join(', ')})`);
        return;
      }
      const stepErrors = schemaErrors(STEP_SCHEMAS[kind as StepKind], step, `timeline[${index}]`);
      errors.push(...stepErrors);
      if (kind === 'endpoint-faults' && stepErrors.length === 0) {
        const parsed = parseFaultPlan((step as { plan: unknown }).plan, `timeline[${index}].plan`);
        if (!parsed.ok) errors.push(...parsed.errors);
      }
      if (kind === 'impair' && stepErrors.length === 0) {
        errors.push(...validateImpairment((step as { impairment: unknown }).impairment, `timeline[${index}].impairment`));
      }
    });
  }
  const expectations = (value as { expect?: unknown } | null)?.expect;
  if (expectations !== undefined) {
    const parsed = validateThresholds(expectations, 'expect');
    if (!parsed.ok) errors.push(...parsed.errors);
  }
  const faults = (value as { endpointFaults?: unknown } | null)?.endpointFaults;
  if (faults !== undefined) {
    const parsed = parseFaultPlan(faults, 'endpointFaults');
    if (!parsed.ok) errors.push(...parsed.errors);
  }
  const peers = (value as { peers?: Record<string, { network?: unknown } | undefined> } | null)?.peers;
  for (const role of ['consumer', 'business'] as const) {
    const network = peers?.[role]?.network;
    if (network !== undefined) errors.push(...validateNetwork(network, `peers.${role}.network`));
  }
  if (errors.length === 0) errors.push(...runtimeProblems(value as Scenario));
  return errors.length > 0 ? { errors } : { scenario: value as Scenario };
}
