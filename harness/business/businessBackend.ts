/**
 * The reference business integration's server (node side): what a careful team runs beside its
 * agent console. It receives the platform's webhooks (signature checked, duplicates and
 * out-of-order deliveries handled by the receiver), tells the console of each call what
 * happened, and makes the Graph requests the console asks for (accept with its offer, reject,
 * terminate, connect). It knows nothing of callsoak's engine: it talks to the platform only
 * through the documented API, and to its consoles through `ConsoleTarget`.
 */
import type { BusinessDown, BusinessUp, MetricsHandOff, RequestFailure, SignalEnvelope } from '../signaling/signalTypes.ts';
import { createGraphClient, GraphRequestError, type GraphClient } from './createGraphClient.ts';
import { startWebhookReceiver, type WebhookReceiver } from './startWebhookReceiver.ts';
import type { BusinessEvent } from './businessEvent.ts';

/** Where the server sends a call's news: the agent console that took it. */
export interface ConsoleTarget {
  deliver(envelope: SignalEnvelope): Promise<void>;
}

export interface BusinessBackendOptions {
  /** Graph's scheme, host and port (the platform), e.g. http://127.0.0.1:PORT */
  graphUrl: string;
  /** path prefix, e.g. v21.0 */
  graphVersion: string;
  pageId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** one Graph attempt without an answer is abandoned after this, ms; default 5000 */
  requestTimeoutMs?: number;
  /** seed of the Graph client's retry jitter; default 0 */
  seed?: number;
}

export interface BusinessBackend {
  /** the webhook callback URL to subscribe */
  readonly webhookUrl: string;
  readonly receiver: WebhookReceiver;
  readonly graph: GraphClient;
  /** Which console takes `callId`: its connect webhook and everything after go there. */
  route(callId: string, console: ConsoleTarget): void;
  /** A console's request about one of its calls; the answer goes back to it as a message. */
  fromConsole(envelope: SignalEnvelope, console: ConsoleTarget): Promise<void>;
  close(): Promise<void>;
}

/** How long the server waits for a consumer's reply to its call permission request, ms. */
const PERMISSION_WAIT_MS = 30_000;

/** Attempts at a handed-off submission (the console is gone: nobody else will retry). */
const HANDOFF_ATTEMPTS = 3;
/** Wait before a retry of a handed-off submission, ms. */
const HANDOFF_RETRY_MS = 500;

/** Submits metrics a departed console left behind: retried on a 5xx or no answer, not on a 4xx. */
async function submitHandedOff(handOff: MetricsHandOff): Promise<void> {
  for (let attempt = 1; attempt <= HANDOFF_ATTEMPTS; attempt++) {
    try {
      const res = await fetch(handOff.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${handOff.accessToken}` },
        body: handOff.body,
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // no answer: retried below
    }
    if (attempt < HANDOFF_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, HANDOFF_RETRY_MS));
  }
}

export async function startBusinessBackend(options: BusinessBackendOptions): Promise<BusinessBackend> {
  const receiver = await startWebhookReceiver({ appSecret: options.appSecret, verifyToken: options.verifyToken });
  const graph = createGraphClient({
    baseUrl: options.graphUrl,
    pageId: options.pageId,
    accessToken: options.accessToken,
    graphVersion: options.graphVersion,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    seed: options.seed ?? 0,
  });
  const consoles = new Map<string, ConsoleTarget>();
  const seqs = new Map<string, number>();

  const tell = (callId: string, message: BusinessDown, target = consoles.get(callId)): void => {
    if (!target) return;
    const seq = (seqs.get(callId) ?? 0) + 1;
    seqs.set(callId, seq);
    void target.deliver({ callId, from: 'platform', seq, message }).catch(() => undefined);
  };

  const onEvent = (event: BusinessEvent): void => {
    if (event.kind === 'call_permission_reply') return;
    const receivedAtMs = Date.now();
    switch (event.kind) {
      case 'connect':
        if (event.direction === 'business_initiated') return;
        tell(event.callId, { type: 'incoming-call', from: event.from ?? null, version: event.version ?? null, receivedAtMs });
        return;
      case 'terminate':
        tell(event.callId, { type: 'terminated', status: event.status, receivedAtMs });
        return;
      case 'call_status':
        tell(event.callId, { type: 'call-status', status: event.status });
        return;
      case 'media_update':
        tell(event.callId, { type: 'media-update', version: event.version, sdp: event.offer.sdp });
    }
  };
  receiver.events.on('*', onEvent);

  /** replies to call permission requests, by PSID, as they arrive */
  const replies = new Map<string, (approved: boolean) => void>();
  receiver.events.on('call_permission_reply', (event) => replies.get(event.psid)?.(event.response === 'approve'));

  /**
   * A careful business asks before it calls: without the consumer's permission it sends the
   * `calling_optin` request and waits for the reply webhook. @returns why it may not call, or null
   */
  const askPermission = async (psid: string): Promise<string | null> => {
    if ((await graph.callPermissions(psid)).status === 'has_permission') return null;
    const approved = new Promise<boolean | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), PERMISSION_WAIT_MS);
      replies.set(psid, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
    });
    await graph.requestCallPermission(psid);
    const answer = await approved;
    replies.delete(psid);
    if (answer === true) return null;
    return answer === false ? `the consumer declined the call permission request (psid ${psid})` : `no reply to the call permission request within ${PERMISSION_WAIT_MS} ms (psid ${psid})`;
  };

  const failure = (action: string, error: unknown): RequestFailure => {
    if (error instanceof GraphRequestError) {
      const kind = error.failure === 'timeout' ? 'timeout' : error.failure === 'network' ? 'network' : error.failure === 'invalid_reply' ? 'unreadable' : 'graph';
      return { action, kind, status: error.status, ...(error.subcode === undefined ? {} : { subcode: error.subcode }), message: error.message };
    }
    return { action, kind: 'network', status: 0, message: (error as Error)?.message ?? String(error) };
  };

  const fromConsole = async (envelope: SignalEnvelope, console: ConsoleTarget): Promise<void> => {
    const { callId } = envelope;
    const message = envelope.message as BusinessUp;
    consoles.set(callId, console);
    try {
      switch (message.type) {
        case 'accept': {
          const { answer, renegotiation } = await graph.accept(callId, message.sdp);
          tell(callId, { type: 'accepted', answer: answer.sdp, ...(renegotiation ? { renegotiation: renegotiation.sdp } : {}) });
          return;
        }
        case 'reject':
        case 'terminate':
          try {
            await (message.type === 'reject' ? graph.reject(callId) : graph.terminate(callId));
          } finally {
            // a console that went away left its metrics here: they go once the call has ended (or the end failed)
            if (message.submitAfter) void submitHandedOff(message.submitAfter);
          }
          // call_ended_time: the moment the success answer arrived
          tell(callId, { type: 'request-done', action: message.type, atMs: Date.now() });
          return;
        case 'connect': {
          if (message.askPermission) {
            const refused = await askPermission(message.to);
            if (refused) {
              tell(callId, { type: 'request-failed', action: 'connect', kind: 'graph', status: 0, noPermission: true, message: refused });
              return;
            }
          }
          const placed = await graph.connect(message.to, message.sdp);
          consoles.set(placed.callId, console);
          tell(callId, { type: 'connected', platformCallId: placed.callId, answer: placed.answer.sdp });
          return;
        }
      }
    } catch (error) {
      tell(callId, { type: 'request-failed', ...failure(message.type, error) });
    }
  };

  return {
    webhookUrl: receiver.url,
    receiver,
    graph,
    route: (callId, console) => void consoles.set(callId, console),
    fromConsole,
    close: () => receiver.close(),
  };
}
