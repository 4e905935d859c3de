/**
 * Whether a call passed, as every renderer shows it: its recorded `status`, or — for a
 * result written before `status` existed — whether any check of severity error failed. Pure.
 */
import type { CallResult, CheckResult } from './resultsTypes.ts';

export function callPassed(call: Pick<CallResult, 'status' | 'checks'>): boolean {
  if (call.status === 'passed' || call.status === 'failed') return call.status === 'passed';
  return !failedChecks(call).some((c) => c.severity === 'error');
}

/** Checks that did not pass, errors before warnings, each group in recorded order. */
export function failedChecks(call: Pick<CallResult, 'checks'>): CheckResult[] {
  const failed = (Array.isArray(call.checks) ? call.checks : []).filter((c) => c && !c.ok);
  return [...failed.filter((c) => c.severity !== 'warning'), ...failed.filter((c) => c.severity === 'warning')];
}
