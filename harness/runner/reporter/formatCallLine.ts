/**
 * The one line printed per finished call, e.g.
 * `PASS hangup-call  Hangup_Call  13.2 s  submitted 200 (1 attempt)`
 * `FAIL hangup-call  Hangup_Call  13.2 s  submitted 400 (1 attempt)  failed: contract.schema, submission.accepted_once`
 * `SKIP hangup-call  not started: the run was interrupted before this call began`
 */
import type { CallEntry } from '../../results/resultsTypes.ts';
import { callVerdict, machineDegraded, skippedReason } from '../../results/callStatus.ts';

export function formatCallLine(call: CallEntry, durationMs: number): string {
  const verdict = callVerdict(call);
  if (verdict === 'skipped') return `SKIP ${call.scenario}  ${skippedReason(call)}`;
  const last = call.submissions.at(-1);
  const submission = last
    ? `submitted ${last.status} (${call.submissions.length} attempt${call.submissions.length === 1 ? '' : 's'})`
    : 'not submitted';
  const failed = call.checks.filter((c) => !c.ok && c.severity === 'error').map((c) => c.id);
  const parts = [
    `${verdict === 'passed' ? 'PASS' : 'FAIL'} ${call.scenario}`,
    call.endCallReason ?? 'no end reason',
    `${(durationMs / 1000).toFixed(1)} s`,
    submission,
  ];
  if (failed.length > 0) parts.push(`failed: ${[...new Set(failed)].join(', ')}`);
  if (call.state === 'interrupted') parts.push('interrupted: ended early when the run was stopped');
  if (machineDegraded(call)) parts.push('warning: the machine degraded it (machine.degraded)');
  return parts.join('  ');
}
