/**
 * The `/call_metrics` payloads the platform checks judge, read from the bodies in the platform's
 * request log (what the business really sent, not what its page says it sent): the accepted
 * submissions, or — when none was accepted — every submission, since each one claims to be the
 * call's report. Pure.
 */
import type { PlatformLog, PlatformRequest } from '../../results/platformLog.ts';
import { answeredOk, metricsRequestsOf } from './platformLogRequests.ts';

export interface JudgedPayload {
  request: PlatformRequest;
  /** 1-based place among the call's `/call_metrics` requests */
  number: number;
  payload: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A body as the Graph API reads it: JSON, or form-encoded with each field's value JSON when it
 * parses as JSON (`audio_stats={"jitter":0.01}`, `call_ended_time=1767268809`), else the text.
 */
function readBody(body: string): Record<string, unknown> | undefined {
  const json = parseJson(body);
  if (isObject(json)) return json;
  if (json !== undefined || !body.includes('=')) return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) fields[key] = parseJson(value) ?? value;
  return fields;
}

export function judgedMetricsPayloads(log: PlatformLog): JudgedPayload[] {
  const all = metricsRequestsOf(log).flatMap((request, i) => {
    const payload = readBody(request.body);
    return payload ? [{ request, number: i + 1, payload }] : [];
  });
  const accepted = all.filter((p) => answeredOk(p.request));
  return accepted.length > 0 ? accepted : all;
}
