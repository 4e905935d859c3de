/**
 * The reference business's webhook endpoint: an HTTP server on 127.0.0.1 that answers Meta's
 * subscription handshake and receives Page webhooks for calling. For each POST it reads the
 * body's bytes, checks their signature, decides what each event means (new, duplicate, stale),
 * records all that, answers, and only then hands the events to the application
 * (`events`, a BusinessEventStream). The platform allows 5 s for the answer and retries
 * what it thinks failed; the application's work, however slow, never delays it.
 *
 * A forged or unsigned delivery is answered 403, recorded, and its body never parsed. A signed
 * delivery is always answered 200, even when it is not valid JSON or not the documented
 * shape: its bytes are Meta's, a retry would carry the same bytes, so refusing only earns
 * retries and, after an hour, an unsubscribed app. The record keeps what was wrong.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { readBodyLimited } from '../graph/readBodyLimited.ts';
import type { BusinessEvent } from './businessEvent.ts';
import { BusinessEventStream } from './businessEventStream.ts';
import { CallEventOrder, DEFAULT_MAX_TRACKED_CALLS } from './callEventOrder.ts';
import type { DeliveryEventRecord, DeliveryRecord } from './deliveryRecord.ts';
import { eventIdentity } from './eventIdentity.ts';
import { verifySignature } from './verifySignature.ts';
import { parseWebhookPayload } from './webhookPayloadSchema.ts';

export type { DeliveryRecord } from './deliveryRecord.ts';

export interface WebhookReceiverOptions {
  /** the app secret Meta signs deliveries with (HMAC-SHA256) */
  appSecret: string;
  /** the verify token set in the app's webhook settings; the handshake must present it */
  verifyToken: string;
  /** TCP port; default 0 = ephemeral. Always binds 127.0.0.1 */
  port?: number;
  /** the webhook's path; default `/webhook`. Other paths are answered 404 */
  path?: string;
  /** ms since the Unix epoch; default Date.now. Stamps the records */
  clock?: () => number;
  /** largest body read, bytes; default 1 MiB. Larger → 413, recorded */
  maxBodyBytes?: number;
  /** calls whose event state is kept for de-duplication and ordering; default 10 000 */
  maxTrackedCalls?: number;
  /** delivery records kept; the oldest go first; default 10 000 */
  maxRecords?: number;
}

export interface WebhookReceiver {
  /** the webhook's full URL, e.g. http://127.0.0.1:PORT/webhook */
  url: string;
  port: number;
  /** the events, after their delivery was answered */
  events: BusinessEventStream;
  /** every request so far, oldest first (a copy) */
  deliveries(): DeliveryRecord[];
  /** stops the server and ends the event iterators */
  close(): Promise<void>;
}

export const WEBHOOK_RECEIVER_DEFAULTS = { path: '/webhook', maxBodyBytes: 1024 * 1024, maxRecords: 10_000 } as const;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const clock = options.clock ?? Date.now;
  const webhookPath = options.path ?? WEBHOOK_RECEIVER_DEFAULTS.path;
  const maxBodyBytes = options.maxBodyBytes ?? WEBHOOK_RECEIVER_DEFAULTS.maxBodyBytes;
  const maxRecords = options.maxRecords ?? WEBHOOK_RECEIVER_DEFAULTS.maxRecords;
  const order = new CallEventOrder(options.maxTrackedCalls ?? DEFAULT_MAX_TRACKED_CALLS);
  const records: DeliveryRecord[] = [];
  let seq = 0;

  const recordOf = (n: number): DeliveryRecord | undefined => records.find((r) => r.seq === n);
  const events = new BusinessEventStream((error, event) => {
    recordOf(event.deliverySeq)?.handlerErrors.push(`${event.kind}: ${error instanceof Error ? error.message : String(error)}`);
  });

  const answer = (res: ServerResponse, record: DeliveryRecord, startedAt: number, status: number, body: string): void => {
    record.status = status;
    record.answeredAtMs = clock();
    record.answerMs = performance.now() - startedAt;
    records.push(record);
    if (records.length > maxRecords) records.shift();
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handshake = (url: URL, res: ServerResponse, record: DeliveryRecord, startedAt: number): void => {
    const mode = url.searchParams.get('hub.mode');
    const token = url.searchParams.get('hub.verify_token');
    const challenge = url.searchParams.get('hub.challenge');
    if (mode !== 'subscribe') record.problems.push(`hub.mode is ${JSON.stringify(mode)}, not "subscribe"`);
    if (token === null || !sameSecret(token, options.verifyToken)) record.problems.push('hub.verify_token does not match');
    if (challenge === null || challenge === '') record.problems.push('hub.challenge is missing');
    if (record.problems.length > 0) answer(res, record, startedAt, 403, 'Forbidden');
    else answer(res, record, startedAt, 200, challenge!);
  };

  const delivery = async (req: IncomingMessage, res: ServerResponse, record: DeliveryRecord, startedAt: number): Promise<void> => {
    const body = await readBodyLimited(req, maxBodyBytes);
    record.bytes = body.received;
    if (body.aborted) {
      record.problems.push('the client went away before the body ended');
      answer(res, record, startedAt, 400, 'Bad Request');
      return;
    }
    if (body.tooLarge) {
      record.problems.push(`the body is over ${maxBodyBytes} bytes`);
      answer(res, record, startedAt, 413, 'Payload Too Large');
      res.on('finish', () => req.socket.destroy());
      return;
    }
    record.bodySha256 = createHash('sha256').update(body.bytes).digest('hex');
    record.signature = verifySignature(options.appSecret, body.bytes, req.headers['x-hub-signature-256']);
    if (record.signature !== 'ok') {
      record.problems.push(`X-Hub-Signature-256 is ${record.signature}: ignored`);
      answer(res, record, startedAt, 403, 'Forbidden');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.bytes.toString('utf8'));
    } catch (error) {
      record.problems.push(`the body is not JSON: ${(error as Error).message}`);
      answer(res, record, startedAt, 200, 'EVENT_RECEIVED');
      return;
    }
    const payload = parseWebhookPayload(parsed, record.seq);
    record.problems.push(...payload.problems);
    const toHand: BusinessEvent[] = [];
    const outcomes: DeliveryEventRecord[] = payload.items.map((item) => {
      if (item.kind === 'skipped') return { what: item.what, outcome: item.reason };
      const outcome = order.decide(item.event);
      if (outcome === 'apply') toHand.push(item.event);
      return { identity: eventIdentity(item.event), what: item.event.kind, outcome };
    });
    record.events = outcomes;
    record.handled = toHand.length > 0;
    record.duplicate = outcomes.length > 0 && outcomes.every((o) => o.outcome === 'duplicate');
    answer(res, record, startedAt, 200, 'EVENT_RECEIVED');
    // after the answer is on its way: the application's work never holds the platform's request
    if (toHand.length > 0) setImmediate(() => toHand.forEach((event) => events.emit(event)));
  };

  const server = createServer((req, res) => {
    const startedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: DeliveryRecord = {
      seq: ++seq,
      kind: 'other',
      method: req.method ?? '',
      path: url.pathname,
      receivedAtMs: clock(),
      bytes: 0,
      status: 0,
      answeredAtMs: 0,
      answerMs: 0,
      duplicate: false,
      handled: false,
      events: [],
      problems: [],
      handlerErrors: [],
    };
    if (url.pathname !== webhookPath) {
      req.resume();
      answer(res, record, startedAt, 404, 'Not Found');
    } else if (req.method === 'GET') {
      record.kind = 'verification';
      req.resume();
      handshake(url, res, record, startedAt);
    } else if (req.method === 'POST') {
      record.kind = 'delivery';
      delivery(req, res, record, startedAt).catch((error: unknown) => {
        record.problems.push(`receiver error: ${String(error)}`);
        if (!res.headersSent) answer(res, record, startedAt, 500, 'Internal Server Error');
      });
    } else {
      req.resume();
      answer(res, record, startedAt, 405, 'Method Not Allowed');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${webhookPath}`,
    port,
    events,
    deliveries: () => records.map((r) => ({ ...r, events: [...r.events], problems: [...r.problems], handlerErrors: [...r.handlerErrors] })),
    close: async () => {
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
