/**
 * Which of a call's checks judge a team's own integration: the ones that need what a black box
 * hides (its getStats snapshot, its code's choices) say "no verdict" with the reason, never
 * pass or fail; the ones callsoak sees through the platform and the network keep their result;
 * two submission checks give way to the platform check that judges the same requests. The check
 * ids are those a real external call made.
 */
import { test, expect } from '@playwright/test';
import { externalBusinessVerdicts } from '../../../harness/engine/checks/externalBusinessVerdicts.ts';
import type { CheckResult } from '../../../harness/results/resultsTypes.ts';

const check = (id: string, ok = true, severity: CheckResult['severity'] = 'error', message = `${id}: what it found`): CheckResult => ({ id, ok, severity, message });
const NO_STATS = "needs the integration's own getStats snapshot, which callsoak cannot see (an agent console opened with --business-page shows it) (no verdict)";

/** the checks that compare the payload or the call with the business's own getStats, as a call makes them */
const STATS_CHECKS = [
  check('media.playout_duration', false),
  check('contract.consistent_with_stats.packets_lost', false),
  check('contract.average_not_sum.round_trip_time'),
  check('contract.units.x1000', true, 'warning'),
  check('contract.packets_lost.negative_in_stats'),
  check('truth.packets_lost.business', false),
  check('truth.rtt'),
  check('mute.enabled.silence', false),
];
/** checks callsoak judges from the platform, the payload alone and the network */
const SEEN_CHECKS = [
  check('call.end_reason', true, 'error', 'business ended with Hangup_Call; expected Hangup_Call'),
  check('contract.schema', false, 'error', '1 problem(s) against the field-table schema: audio_stats.jitter must be number'),
  check('contract.timestamps.seconds'),
  check('submission.nothing_lost', false),
  check('platform.metrics_once'),
  check('truth.packets_lost.consumer', false),
  check('truth.loss_rate.business_down'),
];

test("without the integration's getStats, every check that compares with it has no verdict, a failed one included, and keeps its severity", () => {
  const judged = externalBusinessVerdicts(STATS_CHECKS, { rawStats: false });
  expect(judged).toEqual(STATS_CHECKS.map((c) => ({ id: c.id, ok: true, noVerdict: true, severity: c.severity, message: NO_STATS })));
});

test('what callsoak sees itself keeps its verdict, pass or fail, in the order given', () => {
  expect(externalBusinessVerdicts(SEEN_CHECKS, { rawStats: false })).toEqual(SEEN_CHECKS);
  const mixed = [SEEN_CHECKS[0]!, STATS_CHECKS[0]!, SEEN_CHECKS[1]!];
  expect(externalBusinessVerdicts(mixed, { rawStats: false }).map((c) => [c.id, c.ok, c.noVerdict ?? false])).toEqual([
    ['call.end_reason', true, false],
    ['media.playout_duration', true, true],
    ['contract.schema', false, false],
  ]);
});

test("with an agent console (the observed RTCPeerConnection's getStats), the getStats checks judge again", () => {
  expect(externalBusinessVerdicts(STATS_CHECKS, { rawStats: true })).toEqual(STATS_CHECKS);
});

test("the integration's inner workings have no verdict, with or without its getStats, each saying what it would need", () => {
  const agent = [check('contract.deterministic', false), check('contract.end_call_reason.matches_call', false), check('payload.built'), check('call.subreason', true, 'warning')];
  for (const rawStats of [false, true]) {
    expect(externalBusinessVerdicts(agent, { rawStats })).toEqual([
      { id: 'contract.deterministic', ok: true, noVerdict: true, severity: 'error', message: 'callsoak cannot see this in an external business: it needs the transform run twice on the same snapshot, inside the integration (no verdict)' },
      {
        id: 'contract.end_call_reason.matches_call',
        ok: true,
        noVerdict: true,
        severity: 'error',
        message: "callsoak cannot see this in an external business: it needs the reason the integration's code decided on; call.end_reason compares the payload's reason with the scenario's (no verdict)",
      },
      { id: 'payload.built', ok: true, noVerdict: true, severity: 'error', message: "callsoak cannot see this in an external business: it needs the integration's transform; what it sent is judged by contract.schema (no verdict)" },
      { id: 'call.subreason', ok: true, noVerdict: true, severity: 'warning', message: "callsoak cannot see this in an external business: the subreason is the integration's own free text; contract.schema holds it to the contract (no verdict)" },
    ]);
  }
});

test('one bug, one failed check: the submission checks platform.metrics_once judges from the same requests are left out', () => {
  const checks = [check('submission.accepted_once', false), check('platform.metrics_once', false), check('submission.no_request_after_accepted', false), check('submission.bounded')];
  expect(externalBusinessVerdicts(checks, { rawStats: true }).map((c) => c.id)).toEqual(['platform.metrics_once', 'submission.bounded']);
  expect(externalBusinessVerdicts(checks, { rawStats: false }).map((c) => c.id)).toEqual(['platform.metrics_once', 'submission.bounded']);
});
