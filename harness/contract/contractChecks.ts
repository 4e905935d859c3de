/**
 * The contract checks run on every call: the payload that was POSTed against the field
 * table and against the stats snapshot it came from. Each check has a stable dotted id, a
 * severity, and a message saying what was found, what it should be and how that was
 * computed from the raw stats. Node only (the schema check uses ajv).
 */
import type { CheckResult } from '../results/resultsTypes.ts';
import { checkSubject, type ContractCheckInput } from './checks/checkSubject.ts';
import { audioCallEndedCheck, fieldNamesCheck, integersCheck, matchesCallCheck, reasonEnumCheck, schemaCheck } from './checks/shapeChecks.ts';
import { orderCheck, secondsCheck, wallClockCheck } from './checks/timestampChecks.ts';
import { averageNotSumChecks, concealmentCheck, x1000Check } from './checks/unitChecks.ts';
import { consistencyChecks, deterministicCheck, negativeLossCheck } from './checks/consistencyChecks.ts';

export type { ContractCheckInput } from './checks/checkSubject.ts';
export { WALL_CLOCK_TOLERANCE_S } from './checks/timestampChecks.ts';

/**
 * Every contract check, in a fixed order; one result per id (plus
 * `contract.consistent_with_stats.<field>` per audio_stats field). `contract.deterministic`
 * is present only when `recompute` or `recomputedPayload` is given. A payload that is not
 * an object gets `contract.schema` alone.
 */
export function contractChecks(input: ContractCheckInput): CheckResult[] {
  const s = checkSubject(input);
  // No body to inspect (the transform failed or returned a non-object): one finding, not twenty.
  if (!s.body) return [schemaCheck(s)];
  const results: CheckResult[] = [
    schemaCheck(s),
    reasonEnumCheck(s),
    ...matchesCallCheck(s),
    fieldNamesCheck(s),
    audioCallEndedCheck(s),
    integersCheck(s),
    secondsCheck(s),
    orderCheck(s),
    wallClockCheck(s),
    x1000Check(s),
    ...averageNotSumChecks(s),
    concealmentCheck(s),
    ...consistencyChecks(s),
    negativeLossCheck(s),
  ];
  const deterministic = deterministicCheck(s);
  if (deterministic) results.push(deterministic);
  return results;
}
