/**
 * `platform.forged_webhook_ignored`: a webhook signed with a wrong secret must change nothing.
 * What a business would do because of a webhook shows in the platform log as Graph requests, so
 * for each forged webhook this looks for the requests its event would provoke, sent from its
 * first delivery attempt until FORGED_REACTION_WINDOW_MS later:
 *
 * | forged event | a reaction is |
 * |---|---|
 * | terminate | a `/calls` terminate or reject, or a `/call_metrics` (the business took the call for ended) |
 * | connect | a `/calls` accept or reject |
 * | media_update | a `/calls` media_update |
 * | call_permission_reply | a `/calls` connect |
 *
 * The window closes early when a real (not forged) webhook of the same event is delivered in it:
 * what follows may answer that one. Other events (call_status) provoke no Graph request, so the
 * log cannot show whether they were honoured: no verdict for them. Pure.
 */
import type { PlatformLog, PlatformWebhook } from '../../results/platformLog.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import { isForgedWebhook } from './isForgedWebhook.ts';
import { callsRequestsOf, describeRequest, metricsRequestsOf } from './platformLogRequests.ts';
import { sinceCreatedText } from './platformTimeText.ts';

const ID = 'platform.forged_webhook_ignored';
/** How long after a forged delivery a request counts as its consequence, ms: a business acts on a webhook within ms on loopback; 2 s leaves room for a slow one. */
export const FORGED_REACTION_WINDOW_MS = 2_000;

const REACTIONS: Record<string, { actions: string[]; metrics: boolean; words: string }> = {
  terminate: { actions: ['terminate', 'reject'], metrics: true, words: 'no /calls terminate or reject and no /call_metrics' },
  connect: { actions: ['accept', 'reject'], metrics: false, words: 'no /calls accept or reject' },
  media_update: { actions: ['media_update'], metrics: false, words: 'no /calls media_update' },
  call_permission_reply: { actions: ['connect'], metrics: false, words: 'no /calls connect' },
};

type Verdict = { decided: false; text: string } | { decided: true; honoured: boolean; text: string };

function judge(log: PlatformLog, w: PlatformWebhook): Verdict {
  const name = `forged ${w.event} webhook #${w.seq}`;
  const first = w.attempts[0];
  if (!first) return { decided: false, text: `${name} was never sent` };
  const reaction = REACTIONS[w.event];
  const answered = `answered ${first.status === 0 ? `no HTTP (${first.error ?? 'no answer'})` : `HTTP ${first.status}`}`;
  if (!reaction) return { decided: false, text: `${name} (delivered at ${sinceCreatedText(log, first.startedAtMs)}, ${answered}) provokes no Graph request the log could show` };
  const fromMs = first.startedAtMs;
  const realSameEvent = log.webhooks
    .filter((o) => o.event === w.event && !isForgedWebhook(o))
    .flatMap((o) => o.attempts.slice(0, 1).map((a) => a.startedAtMs))
    .filter((t) => t > fromMs && t < fromMs + FORGED_REACTION_WINDOW_MS);
  const toMs = Math.min(fromMs + FORGED_REACTION_WINDOW_MS, ...realSameEvent);
  const closed = toMs < fromMs + FORGED_REACTION_WINDOW_MS ? ` (${toMs - fromMs} ms: a real ${w.event} webhook was delivered then)` : ` (${FORGED_REACTION_WINDOW_MS} ms)`;
  const inWindow = (t: number) => t >= fromMs && t < toMs;
  const metrics = metricsRequestsOf(log);
  const provoked = [
    ...callsRequestsOf(log, reaction.actions).filter((r) => inWindow(r.receivedAtMs)).map((r) => describeRequest(log, r)),
    ...(reaction.metrics ? metrics.flatMap((r, i) => (inWindow(r.receivedAtMs) ? [describeRequest(log, r, i + 1)] : [])) : []),
  ];
  const window = `from its delivery at ${sinceCreatedText(log, fromMs)} until ${sinceCreatedText(log, toMs)}${closed}`;
  if (provoked.length > 0) return { decided: true, honoured: true, text: `${name} (${answered}) was honoured: ${provoked.join(', ')} ${window}` };
  return { decided: true, honoured: false, text: `${name} (${answered}): ${reaction.words} ${window}` };
}

export function forgedWebhookIgnoredCheck(log: PlatformLog): CheckResult {
  const forged = log.webhooks.filter(isForgedWebhook);
  if (forged.length === 0) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: 'no forged webhook in the platform log (no verdict)' };
  const verdicts = forged.map((w) => judge(log, w));
  const end = log.state.endedAtMs === null ? 'the call never ended' : `the call ended at ${sinceCreatedText(log, log.state.endedAtMs)} by ${log.state.endedBy ?? 'an unknown cause'}`;
  const honoured = verdicts.filter((v) => v.decided && v.honoured);
  if (honoured.length > 0) return { id: ID, ok: false, severity: 'error', message: `${honoured.map((v) => v.text).join('; ')}; ${end}; a webhook that fails its signature must change nothing` };
  const text = `${verdicts.map((v) => v.text).join('; ')}; ${end}`;
  if (verdicts.every((v) => !v.decided)) return { id: ID, ok: true, noVerdict: true, severity: 'error', message: `${text} (no verdict)` };
  return { id: ID, ok: true, severity: 'error', message: text };
}
