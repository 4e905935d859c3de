/**
 * Which of a call's checks can judge a team's own integration (pure). callsoak sees a black box
 * only through the platform (its webhooks' answers, its Graph requests, its `/call_metrics`
 * body) and the network (the relay, the edge). A check that needs what it cannot see — the
 * integration's own getStats snapshot, why its code chose a reason — says "no verdict", never
 * pass. With an agent console page (`--business-page`) the snapshot is the observed
 * RTCPeerConnection's, and the checks that compare the payload with it judge again.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';

/** checks that compare the payload or the call with the business's raw getStats */
const NEED_RAW_STATS = ['media.', 'contract.consistent_with_stats.', 'contract.average_not_sum.', 'contract.units.', 'contract.packets_lost.negative_in_stats', 'truth.packets_lost.business', 'truth.rtt', 'mute.'];
/** checks of the agent's own inner workings, which a black box does not expose */
const NEED_AGENT: Record<string, string> = {
  'contract.deterministic': 'it needs the transform run twice on the same snapshot, inside the integration',
  'contract.end_call_reason.matches_call': "it needs the reason the integration's code decided on; call.end_reason compares the payload's reason with the scenario's",
  'payload.built': "it needs the integration's transform; what it sent is judged by contract.schema",
  'call.subreason': "the subreason is the integration's own free text; contract.schema holds it to the contract",
};
/** checks another check judges from the same requests (one bug, one failed check) */
const JUDGED_ELSEWHERE: Record<string, string> = {
  'submission.accepted_once': 'platform.metrics_once',
  'submission.no_request_after_accepted': 'platform.metrics_once',
};

export function externalBusinessVerdicts(checks: CheckResult[], seen: { rawStats: boolean }): CheckResult[] {
  return checks.flatMap((check): CheckResult[] => {
    if (JUDGED_ELSEWHERE[check.id]) return [];
    const agent = NEED_AGENT[check.id];
    if (agent) return [{ id: check.id, ok: true, noVerdict: true, severity: check.severity, message: `callsoak cannot see this in an external business: ${agent} (no verdict)` }];
    if (!seen.rawStats && NEED_RAW_STATS.some((prefix) => check.id.startsWith(prefix))) {
      return [{ id: check.id, ok: true, noVerdict: true, severity: check.severity, message: "needs the integration's own getStats snapshot, which callsoak cannot see (an agent console opened with --business-page shows it) (no verdict)" }];
    }
    return [check];
  });
}
