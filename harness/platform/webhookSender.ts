/**
 * Delivers webhooks to the business's callback URL the way Meta describes [MWH]: a POST of the
 * signed body, an answer (2xx) due within a deadline (default 5 s), and on failure the same
 * bytes again, a bounded number of times within a bounded time. Deliveries are independent (no
 * queue, no ordering promise [D]): a receiver that refuses, hangs or answers 500 delays only its
 * own delivery. Every attempt is recorded (time, status, latency, error).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { signWebhookBody } from './signWebhookBody.ts';
import type { WebhookField } from './webhookBody.ts';

export interface DeliveryPolicy {
  /** how long the receiver has to answer one attempt, ms; default 5 000 [D] */
  deadlineMs?: number;
  /** waits before the 2nd, 3rd, … attempt, ms; its length + 1 is the attempt count; default [500, 2 000, 5 000] (4 attempts) [I: "a few more times"] */
  retryDelaysMs?: readonly number[];
  /** no attempt starts later than this after the first, ms; default 60 000 */
  giveUpAfterMs?: number;
}

export const DEFAULT_DEADLINE_MS = 5_000;
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 2_000, 5_000];
export const DEFAULT_GIVE_UP_AFTER_MS = 60_000;

export interface DeliveryAttempt {
  attempt: number;
  /** ms since the epoch (the sender's clock) */
  startedAtMs: number;
  /** HTTP status; 0 when none arrived (refused, reset, deadline) */
  status: number;
  /** from sending to the answer's end or the failure, ms */
  latencyMs: number;
  /** why it failed: 'deadline 5000 ms', 'ECONNREFUSED', 'HTTP 500'; null on success */
  error: string | null;
}

/** What a webhook is about and how it was made (for the per-call log). */
export interface DeliveryTag {
  /** the call the webhook is about; null for call_permission_reply */
  callId: string | null;
  /** connect, terminate, call_status, media_update or call_permission_reply */
  event: string;
  /** as documented, or shaped by a platform fault */
  kind: 'real' | 'duplicate' | 'forged' | 'delayed';
  /** the platform fault that shaped it, in words; absent = none */
  fault?: string;
}

/** How one `send` departs from the plain delivery (platform faults). */
export interface SendOptions {
  tag?: DeliveryTag;
  /** signs with this secret instead of the app's (a forged copy); default the app secret */
  secret?: string;
  /** the first N attempts are not sent, recorded as failed with error 'fault: …'; default 0 */
  skipAttempts?: number;
}

export interface Delivery {
  seq: number;
  field: WebhookField;
  /** set when the platform tagged it */
  tag?: DeliveryTag;
  url: string;
  /** the exact bytes every attempt sends */
  body: Buffer;
  signature: string;
  attempts: DeliveryAttempt[];
  outcome: 'pending' | 'delivered' | 'failed';
  /** settles when the outcome is final */
  done: Promise<Delivery>;
}

export interface WebhookSenderOptions extends DeliveryPolicy {
  appSecret: string;
  /** ms since the epoch; default Date.now (attempt times only; waits use real timers) */
  clock?: () => number;
}

export class WebhookSender {
  readonly #opts: WebhookSenderOptions;
  readonly #clock: () => number;
  // A connection per delivery: reusing an idle keep-alive socket races the receiver's own idle
  // timeout (Node's server closes after 5 s), and the reset it gets would be blamed on the
  // business as an attempt without an answer. On loopback a new connection costs well under 1 ms.
  readonly #agent = new http.Agent({ keepAlive: false, maxSockets: 256 });
  readonly #deliveries: Delivery[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #inFlight = new Set<http.ClientRequest>();
  #closed = false;

  constructor(opts: WebhookSenderOptions) {
    this.#opts = opts;
    this.#clock = opts.clock ?? Date.now;
  }

  /** Starts delivering `body` to `url`; returns at once. */
  send(url: string, field: WebhookField, body: Buffer, how: SendOptions = {}): Delivery {
    let resolve!: (d: Delivery) => void;
    const delivery: Delivery = {
      seq: this.#deliveries.length + 1,
      field,
      ...(how.tag ? { tag: how.tag } : {}),
      url,
      body,
      signature: signWebhookBody(how.secret ?? this.#opts.appSecret, body),
      attempts: [],
      outcome: 'pending',
      done: new Promise((r) => (resolve = r)),
    };
    this.#deliveries.push(delivery);
    const delays = this.#opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const giveUpAt = performance.now() + (this.#opts.giveUpAfterMs ?? DEFAULT_GIVE_UP_AFTER_MS);
    const finish = (outcome: 'delivered' | 'failed') => {
      delivery.outcome = outcome;
      resolve(delivery);
    };
    const attempt = (n: number) => {
      if (this.#closed) return finish('failed');
      const skip = how.skipAttempts ?? 0;
      const sent = n <= skip ? this.#skipped(delivery, n, skip) : this.#attempt(delivery, n);
      sent.then((ok) => {
        if (ok) return finish('delivered');
        const wait = delays[n - 1];
        if (wait === undefined || this.#closed || performance.now() + wait > giveUpAt) return finish('failed');
        const t = setTimeout(() => {
          this.#timers.delete(t);
          attempt(n + 1);
        }, wait);
        this.#timers.add(t);
      });
    };
    attempt(1);
    return delivery;
  }

  deliveries(): Delivery[] {
    return [...this.#deliveries];
  }

  /** Cancels waiting retries and in-flight attempts (they end as failed). */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const req of this.#inFlight) req.destroy(new Error('sender closed'));
    this.#agent.destroy();
  }

  /** An attempt a fault holds back: recorded as failed, nothing sent. */
  #skipped(delivery: Delivery, n: number, skip: number): Promise<boolean> {
    delivery.attempts.push({ attempt: n, startedAtMs: this.#clock(), status: 0, latencyMs: 0, error: `fault: attempt not sent (fail-attempts ${skip})` });
    return Promise.resolve(false);
  }

  #attempt(delivery: Delivery, n: number): Promise<boolean> {
    const deadline = this.#opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const record: DeliveryAttempt = { attempt: n, startedAtMs: this.#clock(), status: 0, latencyMs: 0, error: null };
    delivery.attempts.push(record);
    const t0 = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (status: number, error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(req);
        record.status = status;
        record.error = error;
        record.latencyMs = Math.round((performance.now() - t0) * 1000) / 1000;
        resolve(error === null);
      };
      const req = http.request(delivery.url, {
        method: 'POST',
        agent: this.#agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(delivery.body.length),
          'X-Hub-Signature-256': delivery.signature,
        },
      });
      this.#inFlight.add(req);
      const timer = setTimeout(() => {
        settle(0, `deadline ${deadline} ms`);
        req.destroy();
      }, deadline);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => settle(status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        res.on('error', (e: NodeJS.ErrnoException) => settle(status, e.code ?? e.message));
      });
      req.on('error', (e: NodeJS.ErrnoException) => settle(0, e.code ?? e.message));
      req.end(delivery.body);
    });
  }
}
