/**
 * Builds the fields of a RequestRecord from what arrived: the request line and headers, the
 * body as the record keeps it (parsed and token-redacted when small, the start of the raw
 * text otherwise), its SHA-256 and the call it names.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { recordedHeaders } from './corsHeaders.ts';
import type { ParsedBody } from '../graph/parseRequestBody.ts';
import type { RequestRecord } from './requestRecord.ts';

/** Bodies larger than this are kept in the record as the start of their raw text, bytes (16 KiB). */
export const RECORD_BODY_MAX_BYTES = 16 * 1024;

/** SHA-256 of the raw body bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function redactedQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) out[key] = key === 'access_token' ? '<redacted>' : value;
  return out;
}

/** The body as the record keeps it: parsed (token redacted) when small, else the start of the text. */
export function recordBody(parsed: ParsedBody, bytes: Buffer): { body: unknown; truncated: boolean; rawStart: string } {
  const rawStart = bytes.subarray(0, RECORD_BODY_MAX_BYTES).toString('utf8');
  if (bytes.length > RECORD_BODY_MAX_BYTES) return { body: rawStart, truncated: true, rawStart };
  if (!parsed.ok) return { body: parsed.text ?? rawStart, truncated: false, rawStart };
  const p = parsed.params;
  const isObj = typeof p === 'object' && p !== null && !Array.isArray(p);
  const body = isObj && 'access_token' in p ? { ...p, access_token: '<redacted>' } : p;
  return { body, truncated: false, rawStart };
}

/** A record for a request that just arrived: no body, no answer yet. */
export function newRecord(seq: number, receivedAtMs: number, req: IncomingMessage, url: URL): RequestRecord {
  return {
    seq,
    receivedAtMs,
    handlingMs: 0,
    method: req.method ?? '',
    path: url.pathname,
    query: redactedQuery(url.searchParams),
    headers: recordedHeaders(req.headers),
    token: 'not_checked',
    tokenSource: null,
    callId: null,
    body: null,
    bodyBytes: 0,
    bodyTruncated: false,
    bodySha256: null,
    outcome: { status: 0, response: null, accepted: false },
  };
}

/** call_id of a parsed body, truncated to 200 characters; null when it names none. */
export function callIdOf(parsed: ParsedBody): string | null {
  if (!parsed.ok || typeof parsed.params !== 'object' || parsed.params === null) return null;
  const id = (parsed.params as Record<string, unknown>).call_id;
  return typeof id === 'string' ? id.slice(0, 200) : null;
}
