/**
 * `platform.webhooks_answered_in_time`: Meta counts a webhook delivered only when the receiver
 * answers 2xx within 5 s; anything else is retried, and a receiver that keeps failing gets its
 * subscription disabled. Every attempt the platform really made of a webhook that is not
 * forged must have been answered 2xx within WEBHOOK_DEADLINE_MS. Attempts the platform failed
 * on purpose (a scenario's fault, error `fault: …`) and forged webhooks (a 403 is right) are
 * not judged. Pure.
 */
import type { PlatformLog, PlatformWebhook, PlatformWebhookAttempt } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { isForgedWebhook } from './isForgedWebhook.ts';
import { answeredOk } from './platformLogRequests.ts';

const ID = 'platform.webhooks_answered_in_time';
/** Meta's delivery deadline, ms [D] (the platform's default `delivery.deadlineMs`). */
export const WEBHOOK_DEADLINE_MS = 5_000;

const isPlatformFault = (a: PlatformWebhookAttempt) => a.error?.startsWith('fault:') === true;

function describe(w: PlatformWebhook, a: PlatformWebhookAttempt): string {
  const got = a.status === 0 ? `no HTTP answer (${a.error ?? 'none'})` : `HTTP ${a.status}`;
  return `${w.event} webhook #${w.seq} attempt ${a.attempt}: ${got} after ${a.latencyMs} ms`;
}

export function webhooksAnsweredInTimeCheck(log: PlatformLog): CheckResult {
  const judged = log.webhooks.filter((w) => !isForgedWebhook(w)).flatMap((w) => w.attempts.filter((a) => !isPlatformFault(a)).map((a) => ({ w, a })));
  const skipped = log.webhooks.filter((w) => !isForgedWebhook(w)).flatMap((w) => w.attempts.filter(isPlatformFault)).length;
  const skippedNote = skipped > 0 ? `; ${skipped} attempt(s) the platform failed on purpose not judged` : '';
  if (judged.length === 0) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `no delivery attempt of a webhook that is not forged${skippedNote} (no verdict)` };
  const bad = judged.filter(({ a }) => !answeredOk(a) || a.latencyMs > WEBHOOK_DEADLINE_MS);
  if (bad.length > 0) {
    return { id: ID, ok: false, severity: 'error', message: `${bad.map(({ w, a }) => describe(w, a)).join('; ')}; every attempt must get a 2xx within ${WEBHOOK_DEADLINE_MS} ms${skippedNote}` };
  }
  const slowest = judged.reduce((s, x) => (x.a.latencyMs > s.a.latencyMs ? x : s));
  const webhooks = new Set(judged.map(({ w }) => w.seq)).size;
  return { id: ID, ok: true, severity: 'error', message: `all ${judged.length} attempt(s) of ${webhooks} webhook(s) got a 2xx within ${WEBHOOK_DEADLINE_MS} ms (slowest: ${describe(slowest.w, slowest.a)})${skippedNote}` };
}
