/**
 * CORS for the in-page agent, which is served from another 127.0.0.1 port: preflights for
 * `Content-Type: application/json` + `Authorization`, keepalive fetches, and beacons (sent
 * with credentials, so the origin is echoed rather than `*`).
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Headers added to every answer. */
export function corsHeaders(req: IncomingHttpHeaders): Record<string, string> {
  const origin = req.origin;
  if (!origin) return { 'Access-Control-Allow-Origin': '*' };
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
}

/** Extra headers of a preflight (OPTIONS) answer. */
export function preflightHeaders(req: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Allow-Headers': String(req['access-control-request-headers'] ?? 'authorization, content-type'),
    'Access-Control-Max-Age': '600',
  };
  // Chromium's Private Network Access asks before a public page talks to loopback.
  if (req['access-control-request-private-network'] === 'true') headers['Access-Control-Allow-Private-Network'] = 'true';
  return headers;
}

const RECORDED = ['content-type', 'content-length', 'transfer-encoding', 'user-agent', 'origin', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-site'];

/** The request headers worth keeping in the record; the Authorization credential redacted. */
export function recordedHeaders(req: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of RECORDED) {
    const value = req[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (req.authorization !== undefined) out.authorization = req.authorization.replace(/^(\S+\s+).*$/s, '$1<redacted>');
  return out;
}
