/**
 * Shared by the endpoint and submitter tests: a real endpoint on 127.0.0.1 with its record in
 * a fresh temp directory, a valid payload builder and a small POST helper.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEndpoint, type Endpoint, type EndpointOptions } from '../../../harness/endpoint/startEndpoint.ts';

export const PAGE_ID = '1234567890';
export const TOKEN = 'EAAtesttoken0123456789';

export interface Started {
  endpoint: Endpoint;
  recordPath: string;
  /** the unversioned call_metrics URL */
  metricsUrl: string;
}

export async function startTestEndpoint(extra: Partial<EndpointOptions> = {}): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-endpoint-'));
  const recordPath = join(dir, 'requests.jsonl');
  const endpoint = await startEndpoint({ pageId: PAGE_ID, accessToken: TOKEN, recordPath, ...extra });
  return { endpoint, recordPath, metricsUrl: `${endpoint.url}/${PAGE_ID}/call_metrics` };
}

/** A body valid under the field table, for a call that ended at `endedSec` (Unix seconds). */
export function tablePayload(callId: string, endedSec = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return {
    platform: 'messenger',
    call_id: callId,
    end_call_reason: 'Hangup_Call',
    end_call_subreason: 'Conversation was finished',
    call_ended_time: endedSec,
    first_audio_packet_received_time: endedSec - 60,
    audio_stats: {
      call_ended_time: endedSec,
      jitter: 0.004,
      packets_lost: 3,
      packets_received: 2997,
      round_trip_time_ms: 21.5,
      jitter_buffer_delay_ms: 48.25,
      concealed_samples: 960,
      silent_concealed_samples: 480,
      total_samples_duration_ms: 59_980,
    },
  };
}

/** The documentation's example body, exactly as printed (trailing comma included). */
export const DOC_EXAMPLE_BODY = `{
  "platform": "messenger",
  "call_id": "c_M5YPhGE5jm0L_PMQdScLlYJlR7tU_f0rgXinCqnTQ",
  "end_call_reason": "Hangup_Call",
  "end_call_subreason": "Conversation was finished",
  "call_ended_time": 123456,
  "first_audio_packet_received_time": 12345,
  "audio_stats": {
    "jitter_sec": 0.01,
    "packets_lost": 0,
    "packets_received": 1000,
    "round_trip_time_sec": 10.5,
    "jitter_buffer_delay_sec": 4000.5,
    "concealed_samples": 2000,
    "silent_concealed_samples": 16000,
    "total_samples_duration_sec": 316.5
  },
}`;

export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/** POSTs `body` (an object is sent as JSON) and reads the whole answer. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
): Promise<Answer> {
  const payload = typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  const res = await fetch(url, { method: 'POST', headers, body: payload });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Asserts-free shape test used by many tests: is this a Graph error envelope with a trace id? */
export function isGraphEnvelope(json: any): boolean {
  const e = json?.error;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    typeof e.type === 'string' &&
    Number.isInteger(e.code) &&
    typeof e.fbtrace_id === 'string' &&
    e.fbtrace_id.length >= 8
  );
}
