/**
 * Turns the raw body bytes into request parameters the way Graph reads them: JSON (sent as
 * application/json, or as text/plain by `navigator.sendBeacon` with a string), or form fields
 * (application/x-www-form-urlencoded, where `audio_stats` arrives as a JSON string).
 */
import { parseJsonWithPosition } from '../contract/validatePayload.ts';
import { graphErrors, type GraphError } from './graphErrors.ts';
import { utf8ErrorOffset } from './utf8ErrorOffset.ts';

export type ParsedBody =
  | { ok: true; params: unknown; text: string }
  | { ok: false; error: GraphError; /** the text when it decoded, for the record */ text: string | null };

/** Form fields that stay strings even when they look like JSON (a numeric call_id is still an id). */
const STRING_FIELDS = new Set(['platform', 'call_id', 'end_call_reason', 'end_call_subreason', 'access_token']);

const JSON_TYPES = new Set(['', 'application/json', 'text/json', 'text/plain']);

/** The media type without parameters, lower-cased ('' when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function parseRequestBody(contentType: string | undefined, bytes: Uint8Array): ParsedBody {
  const bad = utf8ErrorOffset(bytes);
  if (bad >= 0) return { ok: false, error: graphErrors.invalidUtf8(bad), text: null };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const type = mediaType(contentType);
  if (JSON_TYPES.has(type) || type.endsWith('+json')) {
    const parsed = parseJsonWithPosition(text);
    if (parsed.ok) return { ok: true, params: parsed.value, text };
    return { ok: false, error: graphErrors.invalidJson(parsed.line, parsed.column, parsed.message), text };
  }
  if (type === 'application/x-www-form-urlencoded') return { ok: true, params: formParams(text), text };
  return { ok: false, error: graphErrors.unsupportedContentType(type), text };
}

function formParams(text: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (STRING_FIELDS.has(key)) {
      params[key] = value;
      continue;
    }
    const parsed = parseJsonWithPosition(value);
    params[key] = parsed.ok ? parsed.value : value;
  }
  return params;
}
