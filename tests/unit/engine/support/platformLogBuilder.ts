/**
 * Small platform logs for the platform checks' tests: a call that went right, built from times
 * in seconds since the platform created the call, which each test then breaks in one place.
 */
import type { PlatformLog, PlatformRequest, PlatformWebhook, PlatformWebhookAttempt } from '../../../../harness/results/platformLog.ts';

/** when the platform created the call: a whole second, so payload seconds read plainly */
export const CREATED_AT_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
/** the same moment in Unix seconds, as a payload writes it */
export const CREATED_AT_S = CREATED_AT_MS / 1000;
const PAGE = '/v21.0/PAGE_1';

/** seconds since the call was created → ms since the epoch */
export const at = (s: number): number => CREATED_AT_MS + Math.round(s * 1000);

export function attempt(n: number, startedAtS: number, status = 200, latencyMs = 15, error: string | null = null): PlatformWebhookAttempt {
  return { attempt: n, startedAtMs: at(startedAtS), status, latencyMs, error };
}

export function webhook(seq: number, event: string, attempts: PlatformWebhookAttempt[], kind: PlatformWebhook['kind'] = 'real'): PlatformWebhook {
  const delivered = attempts.some((a) => a.status >= 200 && a.status < 300);
  return {
    seq,
    field: event === 'call_permission_reply' ? 'call_permission_reply' : 'calls',
    event,
    body: JSON.stringify({ object: 'page', entry: [{ id: 'PAGE_1', calls: [{ id: 'c_0_1', event }] }] }),
    kind,
    ...(kind === 'forged' ? { forged: true } : {}),
    attempts,
    outcome: delivered ? 'delivered' : 'failed',
  };
}

export function callsRequest(action: string, receivedAtS: number, answer: { afterMs?: number; status?: number; response?: string; fault?: string } = {}): PlatformRequest {
  const status = answer.status ?? 200;
  return {
    receivedAtMs: at(receivedAtS),
    answeredAtMs: at(receivedAtS) + (answer.afterMs ?? 20),
    method: 'POST',
    path: `${PAGE}/calls`,
    action,
    body: JSON.stringify({ action, call_id: 'c_0_1' }),
    status,
    response: answer.response ?? (status === 200 ? '{"success":true}' : '{"error":{"message":"(#100) Call already terminated"}}'),
    ...(answer.fault ? { fault: answer.fault } : {}),
  };
}

/** The payload a correct business sends, its two times in whole seconds since the call was created. */
export function metricsPayload(callEndedS: number, firstAudioS: number | 0): Record<string, unknown> {
  return {
    platform: 'messenger',
    call_id: 'c_0_1',
    end_call_reason: 'Hangup_Call',
    end_call_subreason: 'Conversation was finished',
    call_ended_time: CREATED_AT_S + callEndedS,
    first_audio_packet_received_time: firstAudioS === 0 ? 0 : CREATED_AT_S + firstAudioS,
    audio_stats: { call_ended_time: CREATED_AT_S + callEndedS, jitter: 0.002, packets_lost: 0, packets_received: 430 },
  };
}

export function metricsRequest(receivedAtS: number, payload: Record<string, unknown>, answer: { status?: number; response?: string } = {}): PlatformRequest {
  const status = answer.status ?? 200;
  return {
    receivedAtMs: at(receivedAtS),
    answeredAtMs: at(receivedAtS) + 5,
    method: 'POST',
    path: `${PAGE}/call_metrics`,
    body: JSON.stringify(payload),
    status,
    response: answer.response ?? (status === 200 ? '{"success":true}' : '{"error":{"message":"(#2) Service temporarily unavailable"}}'),
  };
}

/**
 * A consumer's call that went right: connect webhook at +0.100 s, accepted at +0.300 s, first
 * audio to the business at +1.250 s; then either the consumer hangs up at +10 s (terminate
 * webhook at +10.005 s) or the business terminates (request at +10 s, answered at +10.020 s,
 * terminate webhook at +10.030 s); one accepted /call_metrics at +10.400 s.
 */
export function callLog(endedBy: 'consumer_hangup' | 'business_terminate' = 'consumer_hangup'): PlatformLog {
  const byBusiness = endedBy === 'business_terminate';
  return {
    callId: 'c_0_1',
    state: { direction: 'user_initiated', createdAtMs: at(0), connectedAtMs: at(0.32), endedAtMs: byBusiness ? at(10.01) : at(10), endedBy },
    webhooks: [webhook(1, 'connect', [attempt(1, 0.1)]), webhook(2, 'terminate', [attempt(1, byBusiness ? 10.03 : 10.005)])],
    requests: [callsRequest('accept', 0.3), ...(byBusiness ? [callsRequest('terminate', 10)] : []), metricsRequest(10.4, metricsPayload(10, 1))],
    edge: { answer: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n', mediaUpdates: [], updateAnswers: [], differences: [], firstAudioToBusinessAtMs: at(1.25) },
  };
}
