/**
 * `/webhook`: the subscription handshake (GET) and event deliveries (POST). A delivery is
 * verified over its raw bytes, answered 200 at once, and only then handed on: Meta allows 5 s,
 * and whatever the call handling does (WebRTC, Graph requests) must not delay the answer.
 * A forged or unsigned delivery is answered 403 and never parsed.
 */
import { readBody, sendJson } from './readBody.js';
import { isSignedBy } from './webhookSignature.js';
import { EventDeduper } from './eventDeduper.js';
import { hasBug } from './bugs.js';
import { log } from './log.js';

/**
 * @typedef {object} WebhookHandlers
 * @property {(event: Record<string, any>, receivedAtMs: number) => void} onCallEvent one `calls[]` event, de-duplicated
 * @property {(reply: Record<string, any>, receivedAtMs: number) => void} onPermissionReply one `call_permission_reply` entry or messaging item
 */

/**
 * @param {{ appSecret: string, verifyToken: string }} config
 * @param {WebhookHandlers} handlers
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<void>}
 */
export function webhookRoute(config, handlers) {
  const deduper = new EventDeduper();
  return async (req, res, url) => {
    if (req.method === 'GET') {
      const mode = url.searchParams.get('hub.mode');
      const token = url.searchParams.get('hub.verify_token');
      const challenge = url.searchParams.get('hub.challenge') ?? '';
      const ok = mode === 'subscribe' && token === config.verifyToken;
      log('webhook.subscribe', { ok });
      if (!ok) return sendJson(res, 403, { error: 'verify token mismatch' });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(challenge);
      return;
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'GET or POST only' });
    const receivedAtMs = Date.now();
    const body = await readBody(req);
    if (!hasBug('no-signature-check') && !isSignedBy(config.appSecret, body, /** @type {string | undefined} */ (req.headers['x-hub-signature-256']))) {
      log('webhook.rejected', { reason: 'bad signature', bytes: body.length });
      return sendJson(res, 403, { error: 'bad signature' });
    }
    // Answer first: a signed body that cannot be read would come back as the same bytes anyway.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('EVENT_RECEIVED');
    let payload;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      log('webhook.unreadable', { bytes: body.length });
      return;
    }
    for (const entry of Array.isArray(payload?.entry) ? payload.entry : []) {
      for (const event of Array.isArray(entry.calls) ? entry.calls : []) {
        const first = deduper.firstTime(event);
        log('webhook.received', { call: event.id, event: event.event, status: event.status, duplicate: !first || undefined });
        if (first) handlers.onCallEvent(event, receivedAtMs);
      }
      // The docs put the permission reply flat in the entry; Messenger habit is messaging[]: read both.
      const replies = [entry, ...(Array.isArray(entry.messaging) ? entry.messaging : [])].filter((r) => r.call_permission_reply);
      for (const reply of replies) {
        log('webhook.received', { event: 'call_permission_reply', psid: reply.sender?.id, response: reply.call_permission_reply.response });
        handlers.onPermissionReply(reply, receivedAtMs);
      }
    }
  };
}
