/**
 * Webhook deliveries to a real local receiver: success on the first attempt; a refused
 * connection, a 500 and a hang (past the deadline) are retried with the very same bytes and
 * signature; retries stop at the bound; one stuck receiver delays no other delivery. And the
 * subscription handshake: the challenge echoed is a subscription, anything else is not.
 */
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookSender } from '../../../harness/platform/webhookSender.ts';
import { verifySubscription } from '../../../harness/platform/verifySubscription.ts';
import { startReceiver, type Receiver } from './receiverFixture.ts';

const SECRET = 'shhh';
const BODY = Buffer.from('{"object":"page","entry":[{"id":"p","time":1,"calls":[]}]}');
const hmac = (b: Buffer) => `sha256=${createHmac('sha256', SECRET).update(b).digest('hex')}`;

let receivers: Receiver[] = [];
let sender: WebhookSender | null = null;
test.afterEach(async () => {
  sender?.close();
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});
const receiver = async (behave: Receiver['behave']) => {
  const r = await startReceiver(behave);
  receivers.push(r);
  return r;
};

test('delivered on the first attempt: signed body, one attempt recorded', async () => {
  const r = await receiver(() => ({ status: 200 }));
  sender = new WebhookSender({ appSecret: SECRET });
  const d = await sender.send(r.url, 'calls', BODY).done;
  expect(d.outcome).toBe('delivered');
  expect(r.received).toHaveLength(1);
  expect(r.received[0]!.body.equals(BODY)).toBe(true);
  expect(r.received[0]!.headers['x-hub-signature-256']).toBe(hmac(BODY));
  expect(d.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 200, error: null })]);
});

test('a 500 is retried with identical bytes and signature until it succeeds', async () => {
  const r = await receiver((_, i) => ({ status: i < 2 ? 500 : 200 }));
  sender = new WebhookSender({ appSecret: SECRET, retryDelaysMs: [10, 10, 10] });
  const d = await sender.send(r.url, 'calls', BODY).done;
  expect(d.outcome).toBe('delivered');
  expect(d.attempts.map((a) => [a.status, a.error])).toEqual([[500, 'HTTP 500'], [500, 'HTTP 500'], [200, null]]);
  expect(r.received).toHaveLength(3);
  for (const got of r.received) {
    expect(got.body.equals(BODY)).toBe(true);
    expect(got.headers['x-hub-signature-256']).toBe(hmac(BODY));
  }
});

test('a refused connection is retried, bounded: every attempt recorded, then failed', async () => {
  // a port that was just free: nothing listens there
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  sender = new WebhookSender({ appSecret: SECRET, retryDelaysMs: [5, 5] });
  const d = await sender.send(`http://127.0.0.1:${port}/x`, 'calls', BODY).done;
  expect(d.outcome).toBe('failed');
  expect(d.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([[1, 0, 'ECONNREFUSED'], [2, 0, 'ECONNREFUSED'], [3, 0, 'ECONNREFUSED']]);
});

test('refused, then a receiver appears on that port: the retry carries the same bytes', async () => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  sender = new WebhookSender({ appSecret: SECRET, retryDelaysMs: [300] });
  const d = sender.send(`http://127.0.0.1:${port}/x`, 'calls', BODY);
  const bodies: Buffer[] = [];
  const late = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => late.listen(port, '127.0.0.1', resolve));
  try {
    const done = await d.done;
    expect(done.attempts.map((a) => a.error)).toEqual(['ECONNREFUSED', null]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.equals(BODY)).toBe(true);
  } finally {
    late.closeAllConnections();
    await new Promise<void>((resolve) => late.close(() => resolve()));
  }
});

test('a hang passes the deadline, is retried; a stuck receiver delays no other delivery', async () => {
  const stuck = await receiver((_, i) => (i === 0 ? 'hang' : { status: 200 }));
  const fine = await receiver(() => ({ status: 200 }));
  sender = new WebhookSender({ appSecret: SECRET, deadlineMs: 300, retryDelaysMs: [10] });
  const t0 = Date.now();
  const slow = sender.send(stuck.url, 'calls', BODY);
  const quick = await sender.send(fine.url, 'calls', BODY).done;
  expect(quick.outcome).toBe('delivered');
  expect(Date.now() - t0).toBeLessThan(250);
  const d = await slow.done;
  expect(d.outcome).toBe('delivered');
  expect(d.attempts[0]).toMatchObject({ status: 0, error: 'deadline 300 ms' });
  expect(d.attempts[0]!.latencyMs).toBeGreaterThanOrEqual(295);
  expect(d.attempts[1]).toMatchObject({ status: 200, error: null });
  expect(stuck.received.map((x) => x.body.equals(BODY))).toEqual([true, true]);
});

test('giveUpAfterMs bounds the time: no attempt starts after it', async () => {
  const r = await receiver(() => ({ status: 503 }));
  sender = new WebhookSender({ appSecret: SECRET, retryDelaysMs: [50, 50, 500], giveUpAfterMs: 200 });
  const d = await sender.send(r.url, 'calls', BODY).done;
  expect(d.outcome).toBe('failed');
  expect(d.attempts).toHaveLength(3);
});

test.describe('subscription handshake', () => {
  test('the challenge echoed with 200 verifies; the token and mode are sent', async () => {
    const r = await receiver(() => 'echo-challenge');
    expect(await verifySubscription(r.url, 'tok-1', 1_000, 'abc123')).toEqual({ ok: true });
    const q = r.received[0]!.url.searchParams;
    expect([r.received[0]!.method, q.get('hub.mode'), q.get('hub.verify_token'), q.get('hub.challenge')]).toEqual(['GET', 'subscribe', 'tok-1', 'abc123']);
  });

  test('another body, a 403, a hang or nobody: a failed subscription with the reason', async () => {
    const wrong = await receiver(() => ({ status: 200, body: 'nope' }));
    expect(await verifySubscription(wrong.url, 't', 1_000)).toMatchObject({ ok: false, reason: expect.stringContaining('not the challenge') });
    const forbidden = await receiver(() => ({ status: 403 }));
    expect(await verifySubscription(forbidden.url, 't', 1_000)).toEqual({ ok: false, reason: 'the callback answered HTTP 403' });
    const hang = await receiver(() => 'hang');
    expect(await verifySubscription(hang.url, 't', 200)).toEqual({ ok: false, reason: 'no answer within 200 ms' });
    expect(await verifySubscription('http://127.0.0.1:1/x', 't', 500)).toMatchObject({ ok: false, reason: expect.stringContaining('could not be reached') });
  });
});

test('every delivery opens a connection of its own, so an idle keep-alive socket the receiver is closing is never reused', async () => {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('EVENT_RECEIVED'));
  });
  server.keepAliveTimeout = 5000; // Node's default: a kept-alive socket would be reused below
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    sender = new WebhookSender({ appSecret: SECRET });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const d = await sender.send(url, 'calls', BODY).done;
      outcomes.push(`${d.outcome}/${d.attempts.length}`);
    }
    expect(outcomes).toEqual(Array(4).fill('delivered/1'));
    expect(connections).toBe(4);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
