/**
 * The checks of one call against the emulated Messenger Calling platform's log of it: what the
 * business sent (`/calls`, `/call_metrics`) and how it answered the webhooks, compared with what
 * the platform and its media edge did. Each check says "no verdict" when the log cannot decide.
 * docs/platform-checks.md lists them. Pure.
 */
import type { PlatformLog } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { callEndedTimeCheck } from './callEndedTimeCheck.ts';
import { duplicateTerminateOnceCheck } from './duplicateTerminateOnceCheck.ts';
import { firstAudioAfterDeliveryCheck } from './firstAudioAfterDeliveryCheck.ts';
import { forgedWebhookIgnoredCheck } from './forgedWebhookIgnoredCheck.ts';
import { metricsAfterEndCheck } from './metricsAfterEndCheck.ts';
import { metricsOnceCheck } from './metricsOnceCheck.ts';
import { webhooksAnsweredInTimeCheck } from './webhooksAnsweredInTimeCheck.ts';

/** in the order a reader follows a call: its webhooks, its end, its report */
export function platformChecks(log: PlatformLog): CheckResult[] {
  return [
    webhooksAnsweredInTimeCheck(log),
    forgedWebhookIgnoredCheck(log),
    duplicateTerminateOnceCheck(log),
    callEndedTimeCheck(log),
    firstAudioAfterDeliveryCheck(log),
    metricsAfterEndCheck(log),
    metricsOnceCheck(log),
  ];
}
