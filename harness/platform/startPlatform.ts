/**
 * The emulated Messenger Calling platform (node side): an HTTP server on 127.0.0.1 answering the
 * business's Graph requests (`/calls`, call permissions, `calling_optin` messages, webhook
 * subscriptions), a per-call state machine, a permission book, and a webhook sender to the
 * business's callback. The consumer side is driven in-process through `platform.consumer`.
 * Endpoints, errors, timers and readings: README.md in this folder.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokensOutsideBody } from '../graph/requestTokens.ts';
import { parseRequestBody } from '../graph/parseRequestBody.ts';
import { readBodyLimited } from '../graph/readBodyLimited.ts';
import { CallStateMachine, type CallEvent, type CallRecord, type EmptyDuration, type Step } from './callStateMachine.ts';
import { checkSdpOffer } from './checkSdpOffer.ts';
import type { MediaEdge } from './mediaEdge.ts';
import { PermissionBook, type PermissionOptions } from './permissionBook.ts';
import { errorEnvelope, newTraceId, platformError, type GraphError, type PlatformErrorKey } from './platformErrors.ts';
import { AcceptSchema, bodyErrors, CallIdSchema, CallsBaseSchema, ConnectSchema, MediaUpdateSchema, MessagesSchema, sessionSdp, SubscriptionSchema, withCallId, type CallAction, type Session } from './platformRequestSchemas.ts';
import { verifySubscription } from './verifySubscription.ts';
import { callsWebhook, permissionReplyWebhook, serializeWebhookBody, type PermissionReplyPlacement, type WebhookField } from './webhookBody.ts';
import { WebhookSender, type Delivery, type DeliveryPolicy } from './webhookSender.ts';

/** Largest request body, bytes (64 KiB; an SDP offer is ~5 KB). */
const MAX_BODY_BYTES = 64 * 1024;

export interface PlatformOptions extends PermissionOptions {
  pageId: string;
  /** the calling app: its id, its access token and its secret (signs webhooks) */
  appId: string;
  accessToken: string;
  appSecret: string;
  /** tokens of other apps that may use the Page but own none of its calls: token → app id */
  otherApps?: Record<string, string>;
  mediaEdge: MediaEdge;
  /** TCP port; default 0 = ephemeral. Always binds 127.0.0.1 */
  port?: number;
  /** ms since the Unix epoch; default Date.now */
  clock?: () => number;
  /** accept / pick-up deadline, ms; default 60 000 */
  acceptTimeoutMs?: number;
  /** how a never-connected call's terminate writes `duration`; default 'omit' ([?]) */
  emptyDuration?: EmptyDuration;
  /** where call_permission_reply sits; default 'entry' (as documented) */
  permissionReplyPlacement?: PermissionReplyPlacement;
  /** webhook delivery: deadline, retries, give-up time */
  delivery?: DeliveryPolicy;
  /** fixes call ids: `c_<seed>_<n>`; default 0 */
  seed?: number;
}

export interface Subscription {
  callbackUrl: string;
  verifyToken: string;
  fields: WebhookField[];
}

/** The consumer side, driven by the harness (in-process). Each method throws on a harness mistake (unknown call, wrong state). */
export interface ConsumerSide {
  /** The consumer calls the Page: a connect webhook. @returns the call id */
  call(psid: string): string;
  hangUp(callId: string): void;
  /** Picks up a ringing business call: call_status accepted, then media_update with the edge's offer. */
  pickUp(callId: string): Promise<void>;
  decline(callId: string): void;
  /** Mute/unmute or video: a media_update webhook with the edge's next offer. */
  changeMedia(callId: string): Promise<void>;
  /** The call fails mid-connection: terminate, Failed. */
  fail(callId: string): void;
  answerPermission(psid: string, approve: boolean): void;
}

export interface Platform {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly consumer: ConsumerSide;
  /** Sets the callback as `POST /{app-id}/subscriptions` does (handshake first). */
  subscribe(sub: Subscription): Promise<{ ok: true } | { ok: false; reason: string }>;
  call(callId: string): CallRecord | undefined;
  deliveries(): Delivery[];
  /** Ends calls whose deadline passed by the platform clock (the timer does this too). */
  expireDue(): void;
  close(): Promise<void>;
}

const PATH = /^\/(?:v\d+\.\d+\/)?([^/]+)\/(calls|messenger_call_permissions|messages|subscriptions)\/?$/;
const WEBHOOK_FIELDS: readonly WebhookField[] = ['calls', 'call_permission_reply'];

class PlatformFailure extends Error {
  constructor(readonly graph: GraphError) {
    super(graph.error.message);
  }
}
/** The path segment percent-decoded; the raw text when it does not decode (it then matches no id). */
const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};
const fail = (key: PlatformErrorKey, detail?: string): never => {
  throw new PlatformFailure(platformError(key, detail));
};

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const clock = opts.clock ?? Date.now;
  let idCount = 0;
  const calls = new CallStateMachine({
    pageId: opts.pageId,
    ...(opts.acceptTimeoutMs === undefined ? {} : { acceptTimeoutMs: opts.acceptTimeoutMs }),
    ...(opts.emptyDuration === undefined ? {} : { emptyDuration: opts.emptyDuration }),
    newCallId: () => `c_${opts.seed ?? 0}_${++idCount}`,
  });
  const permissions = new PermissionBook(opts);
  const sender = new WebhookSender({ appSecret: opts.appSecret, clock, ...opts.delivery });
  const apps = new Map<string, string>([[opts.accessToken, opts.appId], ...Object.entries(opts.otherApps ?? {})]);
  let subscription: Subscription | null = null;
  let deadlineTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const emit = (field: WebhookField, payload: object): void => {
    if (!subscription || !subscription.fields.includes(field)) return;
    sender.send(subscription.callbackUrl, field, serializeWebhookBody(payload));
  };
  const emitCalls = (events: CallEvent[]): void => {
    // one webhook per event: Meta promises no order, and a receiver must not rely on batching
    for (const event of events) emit('calls', callsWebhook(opts.pageId, clock(), [event]));
  };
  const afterEnd = (call: CallRecord): void => {
    if (call.phase === 'ended') opts.mediaEdge.release?.(call.id);
  };
  const expireDue = (): void => {
    for (const { call, events } of calls.expire(clock())) {
      // a consumer call the business missed grants permission implicitly [D]
      if (call.direction === 'user_initiated') permissions.grant(call.psid, clock());
      emitCalls(events);
      afterEnd(call);
    }
    schedule();
  };
  const schedule = (): void => {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    deadlineTimer = null;
    const next = calls.nextDeadline();
    if (next === null || closed) return;
    deadlineTimer = setTimeout(expireDue, Math.max(0, next - clock()));
    deadlineTimer.unref();
  };
  /** A consumer-side step: a harness mistake throws, with the platform's words. */
  const consumerStep = (step: Step): CallRecord => {
    if (!step.ok) throw new Error(`consumer side: ${platformError(step.error).error.message}`);
    emitCalls(step.events);
    afterEnd(step.call);
    schedule();
    return step.call;
  };
  const businessStep = (step: Step): CallRecord => {
    if (!step.ok) return fail(step.error);
    emitCalls(step.events);
    afterEnd(step.call);
    schedule();
    return step.call;
  };

  const checkedOffer = (session: Session): string => {
    const sdp = sessionSdp(session);
    const problem = checkSdpOffer(sdp);
    if (problem) fail(problem.kind, problem.detail);
    return sdp;
  };
  const valid = <T>(schema: Parameters<typeof bodyErrors>[0], value: unknown): T => {
    const errors = bodyErrors(schema, value);
    if (errors.length > 0) fail('invalidParameter', errors.join('; '));
    return value as T;
  };

  const handleCalls = async (appId: string, params: Record<string, unknown>): Promise<object> => {
    const base = bodyErrors(CallsBaseSchema, params);
    if (base.length > 0) fail(params.action === undefined || typeof params.action !== 'string' ? 'invalidParameter' : 'unknownAction', base.join('; '));
    const action = String(params.action).toLowerCase() as CallAction;
    const now = clock();
    switch (action) {
      case 'accept': {
        const body = valid<{ call_id: string; session: Session }>(AcceptSchema, withCallId(params));
        const offer = checkedOffer(body.session);
        const call = businessStep(calls.accept(body.call_id, appId, now));
        permissions.grant(call.psid, now);
        const edge = await opts.mediaEdge.answer(offer, call.id);
        return { success: true, session: { sdp_response: { sdp_type: 'answer', sdp: edge.answer }, ...(edge.renegotiation ? { sdp_renegotiation: { sdp_type: 'offer', sdp: edge.renegotiation } } : {}) } };
      }
      case 'reject':
      case 'terminate': {
        const body = valid<{ call_id: string }>(CallIdSchema, withCallId(params));
        businessStep(action === 'reject' ? calls.reject(body.call_id, appId, now) : calls.terminate(body.call_id, appId, now));
        return { success: true };
      }
      case 'connect': {
        const body = valid<{ to: string; session: Session }>(ConnectSchema, params);
        const offer = checkedOffer(body.session);
        if (!permissions.has(body.to, now)) fail('noCallPermission', `psid ${body.to}`);
        const call = businessStep(calls.businessCalls(body.to, appId, now));
        const edge = await opts.mediaEdge.answer(offer, call.id);
        return { success: true, id: call.id, call_id: call.id, session: { sdp_response: { sdp_type: 'answer', sdp: edge.answer } } };
      }
      case 'media_update': {
        const body = valid<{ call_id: string; from_version: number | string; to_version: number | string; tracks?: { msid: string }[]; session: Session }>(MediaUpdateSchema, withCallId(params));
        const offer = checkedOffer(body.session);
        const blank = (body.tracks ?? []).findIndex((t) => t.msid.trim() === '');
        if (blank >= 0) fail('invalidTrackMsid', `tracks[${blank}].msid is empty`);
        businessStep(calls.businessMediaUpdate(body.call_id, appId, Number(body.from_version), Number(body.to_version)));
        const edge = await opts.mediaEdge.answer(offer, body.call_id);
        return { success: true, session: { sdp_response: { sdp_type: 'answer', sdp: edge.answer }, ...(edge.renegotiation ? { sdp_renegotiation: { sdp_type: 'offer', sdp: edge.renegotiation } } : {}) } };
      }
    }
  };

  const handleMessages = (params: Record<string, unknown>): object => {
    const body = valid<{ recipient: { id: string } }>(MessagesSchema, params);
    const psid = body.recipient.id;
    if (!permissions.request(psid, clock())) fail('permissionRequestLimit', `psid ${psid}`);
    return { recipient_id: psid, recipient: { id: psid }, message_id: `m_${opts.seed ?? 0}_${++idCount}` };
  };

  const handleSubscription = async (params: Record<string, unknown>): Promise<object> => {
    const body = valid<{ callback_url: string; verify_token: string; fields: string | string[] }>(SubscriptionSchema, params);
    const result = await subscribe({ callbackUrl: body.callback_url, verifyToken: body.verify_token, fields: parseFields(body.fields) });
    if (!result.ok) fail(result.reason.startsWith('callback_url') ? 'callbackNotLoopback' : 'callbackVerificationFailed', result.reason);
    return { success: true };
  };

  const parseFields = (fields: string | string[]): WebhookField[] => {
    const list = (typeof fields === 'string' ? fields.split(',') : fields).map((f) => f.trim());
    const unknown = list.find((f) => !WEBHOOK_FIELDS.includes(f as WebhookField));
    if (unknown !== undefined) fail('invalidParameter', `fields: unknown field ${JSON.stringify(unknown)} (known: ${WEBHOOK_FIELDS.join(', ')})`);
    return list as WebhookField[];
  };

  const subscribe = async (sub: Subscription): Promise<{ ok: true } | { ok: false; reason: string }> => {
    let url: URL;
    try {
      url = new URL(sub.callbackUrl);
    } catch {
      return { ok: false, reason: `callback_url ${JSON.stringify(sub.callbackUrl)} is not a URL` };
    }
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(url.hostname)) return { ok: false, reason: `callback_url ${JSON.stringify(sub.callbackUrl)} is not on the loopback` };
    const verified = await verifySubscription(sub.callbackUrl, sub.verifyToken, opts.delivery?.deadlineMs);
    if (!verified.ok) return verified;
    subscription = { ...sub };
    return { ok: true };
  };

  const route = async (req: IncomingMessage, url: URL): Promise<{ status: number; body: object }> => {
    const m = PATH.exec(url.pathname);
    if (!m) return fail('unknownPath', url.pathname);
    const [, objectId, edge] = m as unknown as [string, string, string];
    const method = req.method ?? '';
    const wantsGet = edge === 'messenger_call_permissions';
    if (wantsGet ? method !== 'GET' : method !== 'POST') fail('unsupportedMethod', `${method} ${edge} (use ${wantsGet ? 'GET' : 'POST'})`);

    let params: Record<string, unknown> = {};
    if (method === 'POST') {
      const read = await readBodyLimited(req, MAX_BODY_BYTES);
      if (read.tooLarge) fail('bodyTooLarge', `limit ${MAX_BODY_BYTES} bytes`);
      if (read.aborted) fail('invalidParameter', 'the request body ended early');
      const parsed = parseRequestBody(req.headers['content-type'], read.bytes.length === 0 ? Buffer.from('{}') : read.bytes);
      if (!parsed.ok) fail('invalidJson', parsed.error.error.message.replace(/^\(#\d+\) /, ''));
      else if (typeof parsed.params !== 'object' || parsed.params === null || Array.isArray(parsed.params)) fail('invalidParameter', 'the request body must be a JSON object');
      else params = parsed.params as Record<string, unknown>;
    }
    // the token: query, Authorization header or body, as the call_metrics endpoint reads it
    const tokens = tokensOutsideBody(url.searchParams, req.headers.authorization).map((t) => t.value);
    if (params.access_token !== undefined) tokens.push(String(params.access_token));
    if (tokens.length === 0) fail('tokenMissing');
    const appIds = tokens.map((t) => apps.get(t));
    if (appIds.some((a) => a === undefined) || new Set(appIds).size > 1) fail('tokenInvalid');
    const appId = appIds[0] as string;

    const expected = edge === 'subscriptions' ? opts.appId : opts.pageId;
    if (safeDecode(objectId) !== expected) fail('pageNotFound', `object ${JSON.stringify(objectId)}`);
    if (edge === 'calls') return { status: 200, body: await handleCalls(appId, params) };
    if (edge === 'messages') return { status: 200, body: handleMessages(params) };
    if (edge === 'subscriptions') return { status: 200, body: await handleSubscription(params) };
    const psid = url.searchParams.get('psid');
    if (!psid) fail('invalidParameter', 'psid is required');
    return { status: 200, body: permissions.view(psid as string, clock()) };
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    route(req, url)
      .then((r) => send(res, r.status, r.body, {}))
      .catch((error: unknown) => {
        const graph = error instanceof PlatformFailure ? error.graph : platformError('invalidParameter', `internal error: ${String(error)}`);
        const trace = newTraceId();
        send(res, graph.status, errorEnvelope(graph, trace), { 'x-fb-trace-id': trace, ...graph.headers });
      });
  });
  const send = (res: ServerResponse, status: number, body: object, headers: Record<string, string>): void => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });

  const consumer: ConsumerSide = {
    call: (psid) => consumerStep(calls.consumerCalls(psid, opts.appId, clock())).id,
    hangUp: (callId) => void consumerStep(calls.consumerHangsUp(callId, clock())),
    async pickUp(callId) {
      const call = calls.get(callId);
      const sdp = await opts.mediaEdge.consumerOffer(callId, (call?.mediaVersion ?? 0) + 1);
      const done = consumerStep(calls.consumerPicksUp(callId, sdp, clock()));
      permissions.grant(done.psid, clock());
    },
    decline: (callId) => void consumerStep(calls.consumerDeclines(callId, clock())),
    async changeMedia(callId) {
      const call = calls.get(callId);
      const sdp = await opts.mediaEdge.consumerOffer(callId, (call?.mediaVersion ?? 0) + 1);
      consumerStep(calls.consumerMediaUpdate(callId, sdp, clock()));
    },
    fail: (callId) => void consumerStep(calls.fail(callId, clock())),
    answerPermission(psid, approve) {
      const now = clock();
      const expires = permissions.answer(psid, approve, now);
      const reply = {
        sender: { id: psid },
        recipient: { id: opts.pageId },
        timestamp: now,
        call_permission_reply: approve ? { response: 'approve' as const, expiration_timestamp: Math.floor((expires as number) / 1000) } : { response: 'reject' as const },
      };
      emit('call_permission_reply', permissionReplyWebhook(opts.pageId, now, reply, opts.permissionReplyPlacement ?? 'entry'));
    },
  };

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    consumer,
    subscribe,
    call: (callId) => calls.get(callId),
    deliveries: () => sender.deliveries(),
    expireDue,
    async close() {
      if (closed) return;
      closed = true;
      if (deadlineTimer) clearTimeout(deadlineTimer);
      sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
