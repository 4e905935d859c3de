/**
 * A call's verdict, as every renderer shows it: its recorded `status`, or — for a result written
 * before `status` existed — whether any check of severity error failed. Pure.
 */
import type { CallResult, CallVerdict, CheckResult } from './resultsTypes.ts';

type Judged = Pick<CallResult, 'status' | 'checks'>;

export function callVerdict(call: Judged): CallVerdict {
  if (call.status === 'passed' || call.status === 'failed' || call.status === 'skipped') return call.status;
  return failedChecks(call).some((c) => c.severity === 'error') ? 'failed' : 'passed';
}

export function callPassed(call: Judged): boolean {
  return callVerdict(call) === 'passed';
}

export function callFailed(call: Judged): boolean {
  return callVerdict(call) === 'failed';
}

/**
 * Whether the call was skipped with the reason because its scenario cannot run against this
 * business (an external one without the driver function it needs): neither a pass nor a
 * failure, nor a call without a verdict.
 */
export function callNotApplicable(call: Pick<CallResult, 'status' | 'state'>): boolean {
  return call.status === 'skipped' && call.state === 'not-applicable';
}

/** Why a skipped call has no verdict, in the words every report uses. */
export function skippedReason(call: Pick<CallResult, 'state' | 'skipReason'>): string {
  if (call.state === 'not-applicable') return `not applicable: ${call.skipReason ?? 'the scenario cannot run against this business'}`;
  return call.state === 'not-started' ? 'not started: the run was interrupted before this call began' : 'cut off: the run was stopped at once while this call ran';
}

/** Whether the machine callsoak ran on, not the network, degraded the call's audio (check `machine.degraded`). */
export function machineDegraded(call: Pick<CallResult, 'checks'>): boolean {
  return (Array.isArray(call.checks) ? call.checks : []).some((c) => c && c.id === 'machine.degraded' && !c.ok);
}

/** Checks that did not pass, errors before warnings, each group in recorded order. */
export function failedChecks(call: Pick<CallResult, 'checks'>): CheckResult[] {
  const failed = (Array.isArray(call.checks) ? call.checks : []).filter((c) => c && !c.ok);
  return [...failed.filter((c) => c.severity !== 'warning'), ...failed.filter((c) => c.severity === 'warning')];
}
