/**
 * For a call whose payload the endpoint refuses permanently (scenario `expectSubmission:
 * 'rejected'`): the client must send once, get the permanent error, and stop (node side).
 */
import type { RequestRecord } from '../../endpoint/requestRecord.ts';
import { boundedCheck } from './submissionChecks.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';

export function rejectedSubmissionChecks(records: readonly RequestRecord[]): CheckResult[] {
  const posts = records.filter((r) => r.method === 'POST');
  const first = posts[0];
  const code = first?.outcome.graphCode;
  const permanent = first !== undefined && first.outcome.status >= 400 && first.outcome.status < 500 && !first.outcome.accepted;
  return [
    {
      id: 'submission.permanent_error_recorded',
      ok: permanent,
      severity: 'error',
      message: first
        ? `the endpoint answered HTTP ${first.outcome.status}${code === undefined ? '' : ` code ${code}`}: ${JSON.stringify(first.outcome.response)}`
        : 'the client never submitted',
    },
    {
      id: 'submission.no_retry_after_permanent',
      ok: posts.length === 1,
      severity: 'error',
      message: `${posts.length} request(s) for the call; a permanent error allows exactly 1`,
    },
    boundedCheck(records),
  ];
}
