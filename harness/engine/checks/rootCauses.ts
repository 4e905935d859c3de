/**
 * One bug, one failed check. Some mistakes of a business make several checks fail: a report in
 * milliseconds is refused by the platform, so it is also "lost" and "not accepted once", and its
 * times are off on the wall clock too. When the check that names the mistake (the root) failed,
 * the checks that fail only because of it say "no verdict", name the root and keep their own
 * finding in the message; a reader sees one failure per bug and still loses nothing (pure).
 *
 * A consequence is demoted only while its root still fails, and only where the table says the
 * finding is the root's own (e.g. the wall-clock check about call_ended_time when
 * platform.call_ended_time failed, not when it is about the first audio).
 */
import type { CheckResult } from '../../results/resultsTypes.ts';

interface Consequence {
  /** a check id, or an id prefix ending in '.' */
  id: string;
  /** the failed check is this root's consequence only when this holds; default always */
  when?: (check: CheckResult) => boolean;
}

export interface RootCause {
  /** the check that names the mistake */
  root: string;
  /** the root counts only when its failure says this; default any failure */
  rootWhen?: (check: CheckResult) => boolean;
  /** what the mistake did, for the demoted checks' message */
  why: string;
  consequences: Consequence[];
}

const mentions = (text: string) => (check: CheckResult) => check.message.includes(text);
const lacks = (text: string) => (check: CheckResult) => !check.message.includes(text);
/** contract.schema's problems ("N problem(s) …") are all "this looks like milliseconds" */
const onlyMillisecondProblems = (check: CheckResult) => {
  const count = Number(/^(\d+) problem/.exec(check.message)?.[1] ?? NaN);
  return count > 0 && check.message.split('looks like milliseconds').length - 1 === count;
};

/** Acting on a forged webhook ends the business's side of a call that goes on: everything after follows. */
export const FORGED_WEBHOOK: RootCause = {
  root: 'platform.forged_webhook_ignored',
  why: 'the business acted on a forged webhook, so what it did after cannot be judged on its own',
  consequences: ['platform.metrics_after_end', 'platform.metrics_once', 'platform.call_ended_time', 'submission.', 'truth.payload_packets.', 'truth.packets_lost.business', 'media.', 'calls.terminate_when_expected', 'contract.timestamps.wall_clock'].map((id) => ({ id })),
};

/**
 * What a team's own integration gets wrong, each with what follows from it. Only for an external
 * business: with callsoak's own agent the check list stays what history and compare know.
 */
export const EXTERNAL_ROOT_CAUSES: RootCause[] = [
  FORGED_WEBHOOK,
  {
    root: 'platform.metrics_after_end',
    why: 'the report went out before the call ended, and the platform refused it as in progress',
    consequences: [{ id: 'submission.' }, { id: 'platform.metrics_once' }],
  },
  {
    root: 'contract.timestamps.seconds',
    why: 'its timestamps are not Unix seconds, so the platform refused the report and every time in it is off',
    consequences: [{ id: 'contract.schema', when: onlyMillisecondProblems }, { id: 'contract.timestamps.wall_clock' }, { id: 'submission.' }, { id: 'platform.metrics_once' }, { id: 'platform.first_audio_after_delivery' }, { id: 'platform.call_ended_time' }],
  },
  {
    root: 'platform.call_ended_time',
    why: 'call_ended_time is not when the call ended, and the wall clock sees the same offset',
    consequences: [{ id: 'contract.timestamps.wall_clock', when: lacks('first_audio_packet_received_time') }],
  },
  {
    root: 'truth.payload_packets.business',
    rootWhen: mentions('payload packets_received 0,'),
    why: 'its client counted none of the audio delivered to it, so it also reports no first audio',
    consequences: [{ id: 'platform.first_audio_after_delivery' }, { id: 'contract.timestamps.wall_clock', when: lacks('call_ended_time') }],
  },
];

const matches = (check: CheckResult, c: Consequence) => (c.id.endsWith('.') ? check.id.startsWith(c.id) : check.id === c.id) && (c.when?.(check) ?? true);

/** The checks with each failed root's consequences turned into "no verdict" (in table order). */
export function judgeRootCauses(checks: CheckResult[], roots: RootCause[]): CheckResult[] {
  let judged = checks;
  for (const cause of roots) {
    const root = judged.find((c) => c.id === cause.root && !c.ok);
    if (!root || !(cause.rootWhen?.(root) ?? true)) continue;
    judged = judged.map((check) =>
      check !== root && !check.ok && cause.consequences.some((c) => matches(check, c))
        ? { id: check.id, ok: true, noVerdict: true, severity: check.severity, message: `no verdict: ${cause.why} (${cause.root} failed); it read: ${check.message}` }
        : check,
    );
  }
  return judged;
}
