/**
 * The exit code a run's outcome maps to (documented in harness/thresholds/README.md):
 * 130 interrupted, else 1 when a call failed a check, else 3 when a threshold was
 * breached, else 0. A failed check outranks a breached threshold: a broken call makes its
 * quality numbers moot. Pure.
 */
import { EXIT, type ExitCode } from '../exit/exitCodes.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import type { ThresholdResult } from './evaluateThresholds.ts';
import { callNotApplicable, callPassed } from '../results/callStatus.ts';

export function runExitCode(results: Pick<RunResults, 'run' | 'calls'>, thresholds: readonly ThresholdResult[] = []): ExitCode {
  if (results.run.status === 'interrupted') return EXIT.interrupted;
  const calls = Array.isArray(results.calls) ? results.calls : [];
  // a scenario that does not apply to an external business was skipped with the reason: no failure
  if (results.run.status === 'failed' || !calls.every((c) => callPassed(c) || callNotApplicable(c))) return EXIT.checkFailed;
  if (thresholds.some((t) => !t.ok)) return EXIT.thresholdBreached;
  return EXIT.ok;
}
