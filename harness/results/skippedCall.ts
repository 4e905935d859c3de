/**
 * A planned call without a verdict, as results.json lists it: one that never started, or one
 * a forced stop cut off before it could be judged. Every planned call appears in an
 * interrupted run's results, with its state. Pure.
 */
import type { CallResult, CallState } from './resultsTypes.ts';

export interface PlannedCallInfo {
  scenario: string;
  /** the reason the scenario expects */
  expectedEndCallReason: string;
  /** how long it would have talked, seconds */
  talkSeconds: number;
  repetition: number;
  /** its directory, relative to the run directory (kept for a cut-off call only) */
  dir: string;
}

export function skippedCall(call: PlannedCallInfo, state: CallState, skipReason?: string): CallResult {
  return {
    scenario: call.scenario,
    ...(skipReason !== undefined ? { skipReason } : {}),
    callId: '',
    expectedEndCallReason: call.expectedEndCallReason,
    endCallReason: null,
    talkSeconds: call.talkSeconds,
    payload: null,
    submissions: [],
    checks: [],
    samples: [],
    status: 'skipped',
    state,
    repetition: call.repetition,
    // a call that never started has no directory
    ...(state === 'interrupted' ? { dir: call.dir } : {}),
  };
}
