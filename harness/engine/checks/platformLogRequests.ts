/**
 * The business's Graph requests in a call's platform log as the platform checks read them: its
 * `/call_metrics` submissions and its `/calls` actions, in arrival order, and one way of naming
 * a request in a message. Pure.
 */
import type { PlatformLog, PlatformRequest } from '../../results/platformLog.ts';
import { sinceCreatedText } from './platformTimeText.ts';

/** Graph's success is any 2xx (the platform and the endpoint answer `{"success":true}` with 200). */
export function answeredOk(r: Pick<PlatformRequest, 'status'>): boolean {
  return r.status >= 200 && r.status < 300;
}

/** `/v21.0/PAGE/call_metrics` → `call_metrics`: the version prefix is optional on the platform */
function lastSegment(path: string): string {
  return path.split('/').filter((s) => s !== '').at(-1) ?? '';
}

const byArrival = (requests: PlatformRequest[]): PlatformRequest[] => [...requests].sort((a, b) => a.receivedAtMs - b.receivedAtMs);

/** Every `/call_metrics` request of the call, first received first. */
export function metricsRequestsOf(log: PlatformLog): PlatformRequest[] {
  return byArrival(log.requests.filter((r) => lastSegment(r.path) === 'call_metrics'));
}

/** The `/calls` requests whose action is one of `actions` (lower case; the platform accepts any case). */
export function callsRequestsOf(log: PlatformLog, actions: readonly string[]): PlatformRequest[] {
  return byArrival(log.requests.filter((r) => lastSegment(r.path) === 'calls' && r.action !== undefined && actions.includes(r.action.toLowerCase())));
}

/**
 * "/call_metrics #2 at +10.400 s → HTTP 200" or "/calls terminate at +9.000 s → HTTP 200 [fault: delay 2000 ms]";
 * `number` is the request's 1-based place among the call's `/call_metrics` requests.
 */
export function describeRequest(log: PlatformLog, r: PlatformRequest, number?: number): string {
  const what = r.action !== undefined ? `/calls ${r.action}` : `/${lastSegment(r.path)}${number === undefined ? '' : ` #${number}`}`;
  return `${what} at ${sinceCreatedText(log, r.receivedAtMs)} → HTTP ${r.status}${r.fault ? ` [fault: ${r.fault}]` : ''}`;
}
