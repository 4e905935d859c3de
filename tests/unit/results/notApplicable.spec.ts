/**
 * A scenario an external business cannot run is skipped with the reason: neither a pass nor a
 * failure, so it neither fails the run nor counts as a call without a verdict; a run in which
 * nothing applied ran nothing and does not pass.
 */
import { test, expect } from '@playwright/test';
import { runStatus, summarize } from '../../../harness/results/writeResults.ts';
import { runExitCode } from '../../../harness/thresholds/runExitCode.ts';
import { EXIT } from '../../../harness/exit/exitCodes.ts';
import type { CallEntry, CallResult, RunResults } from '../../../harness/results/resultsTypes.ts';

const call = (scenario: string, status: CallResult['status'], state?: CallResult['state']): CallResult =>
  ({ scenario, callId: '', expectedEndCallReason: 'Hangup_Call', endCallReason: null, talkSeconds: 3, payload: null, submissions: [], checks: [], samples: [], status, ...(state ? { state } : {}) }) as CallResult;
const results = (calls: CallEntry[]): Pick<RunResults, 'run' | 'calls'> => ({ run: { status: runStatus(calls, false) } as RunResults['run'], calls });

test('not applicable calls are counted apart and leave the run passed, exit 0', () => {
  const calls = [call('external-hangup-call', 'passed'), call('external-decline', 'skipped', 'not-applicable'), call('external-unanswered', 'skipped', 'not-applicable')];
  expect(summarize(calls)).toEqual({ calls: 3, passed: 1, failed: 0, notApplicable: 2 });
  expect(runStatus(calls, false)).toBe('passed');
  expect(runExitCode(results(calls))).toBe(EXIT.ok);
});

test('a call without a verdict still fails the run; a run where nothing applied does not pass', () => {
  const notStarted = [call('a', 'passed'), call('b', 'skipped', 'not-started'), call('c', 'skipped', 'not-applicable')];
  expect(summarize(notStarted)).toEqual({ calls: 3, passed: 1, failed: 0, skipped: 1, notApplicable: 1 });
  expect(runStatus(notStarted, false)).toBe('failed');
  const none = [call('c', 'skipped', 'not-applicable')];
  expect(runStatus(none, false)).toBe('failed');
  expect(runExitCode(results(none))).toBe(EXIT.checkFailed);
  const failed = [call('a', 'failed'), call('c', 'skipped', 'not-applicable')];
  expect(runExitCode(results(failed))).toBe(EXIT.checkFailed);
});
