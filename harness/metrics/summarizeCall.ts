/**
 * A call as a long soak lists it in results.json: the call without its bulky evidence, with
 * every metric's value computed from the full call (pure). Why: a soak with churn finishes a
 * call every few seconds for hours — 20 slots, a call a minute, 24 h is 28,800 calls — and a
 * 30-s call is ~70 kB in full (samples, final getStats, relay legs, transforms), so results.json
 * and the report would grow to gigabytes and the runner would read them all into memory at the
 * end. A summary is ~1.4 kB; the full call stays on disk in its record file.
 *
 * Which calls a soak keeps in full: every call while the soak has at most FULL_CALLS_MAX, so a
 * soak of a few long calls reports every call in full, as a run does; above that, the failed calls (the first
 * FULL_CALLS_MAX of them, with charts in the report) and no passed one.
 */
import { SUMMARY_OMITS, type CallResult, type CallSummary } from '../results/resultsTypes.ts';
import { metricValues } from './metrics.ts';

/** most calls a soak's results.json holds in full (see above) */
export const FULL_CALLS_MAX = 50;

/** @param record the full call's file, relative to the run directory */
export function summarizeCall(call: CallResult, record: string): CallSummary {
  const kept: Partial<CallResult> = { ...call };
  for (const key of SUMMARY_OMITS) delete kept[key];
  const checks = Array.isArray(call.checks) ? call.checks : [];
  return {
    ...(kept as Omit<CallResult, (typeof SUMMARY_OMITS)[number]>),
    submissions: (Array.isArray(call.submissions) ? call.submissions : []).map(({ body: _body, ...attempt }) => attempt),
    checks: checks.filter((c) => !c.ok),
    summarized: { record, metrics: metricValues(call), passedChecks: checks.filter((c) => c.ok).length },
  };
}
