/**
 * The one line printed per finished call, e.g.
 * `PASS hangup-call  Hangup_Call  13.2 s  submitted 200 (1 attempt)`
 * `FAIL hangup-call  Hangup_Call  13.2 s  submitted 400 (1 attempt)  failed: contract.schema, submission.accepted_once`
 */
import type { CallEntry } from '../../results/resultsTypes.ts';

export function formatCallLine(call: CallEntry, durationMs: number): string {
  const verdict = call.status === 'passed' ? 'PASS' : 'FAIL';
  const last = call.submissions.at(-1);
  const submission = last
    ? `submitted ${last.status} (${call.submissions.length} attempt${call.submissions.length === 1 ? '' : 's'})`
    : 'not submitted';
  const failed = call.checks.filter((c) => !c.ok && c.severity === 'error').map((c) => c.id);
  const parts = [
    `${verdict} ${call.scenario}`,
    call.endCallReason ?? 'no end reason',
    `${(durationMs / 1000).toFixed(1)} s`,
    submission,
  ];
  if (failed.length > 0) parts.push(`failed: ${[...new Set(failed)].join(', ')}`);
  return parts.join('  ');
}
