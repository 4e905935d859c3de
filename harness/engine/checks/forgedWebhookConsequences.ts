/**
 * One bug, one failed check: a business that acted on a forged webhook (`platform.
 * forged_webhook_ignored` failed) ended its side of a call that went on. Everything it did after
 * — a report refused as "in progress", none accepted, counters cut short, its own terminate —
 * follows from that one mistake, so the checks of what followed say "no verdict" and point to
 * the check that caught it, instead of failing beside it (pure).
 */
import type { CheckResult } from '../../results/resultsTypes.ts';

const FORGED = 'platform.forged_webhook_ignored';
/** the checks whose subject is what the business did after it took the call for ended */
const CONSEQUENCES = ['platform.metrics_after_end', 'platform.metrics_once', 'platform.call_ended_time', 'submission.', 'truth.payload_packets.', 'truth.packets_lost.business', 'media.', 'calls.terminate_when_expected', 'contract.timestamps.wall_clock'];

export function forgedWebhookConsequences(checks: CheckResult[]): CheckResult[] {
  if (!checks.some((c) => c.id === FORGED && !c.ok)) return checks;
  return checks.map((check) =>
    !check.ok && CONSEQUENCES.some((prefix) => check.id.startsWith(prefix))
      ? { id: check.id, ok: true, noVerdict: true, severity: check.severity, message: `the business acted on a forged webhook (${FORGED} failed), so what it did after cannot be judged on its own (no verdict); it read: ${check.message}` }
      : check,
  );
}
