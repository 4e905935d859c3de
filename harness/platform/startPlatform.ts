/**
 * The emulated Messenger Calling platform (node side): an HTTP server on 127.0.0.1 answering the
 * business's Graph requests (`/calls`, call permissions, `calling_optin` messages, webhook
 * subscriptions, and `/call_metrics` through harness/endpoint's handler), a per-call state
 * machine, a permission book, a webhook sender to the business's callback, per-call faults and a
 * per-call log. The consumer side is driven in-process through `platform.consumer`.
 * Endpoints, errors, faults, timers and readings: README.md in this folder.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallRegistry } from '../endpoint/callRegistry.ts';
import { createCallMetricsHandler, type CallMetricsControls, type CallMetricsHandlerOptions } from '../endpoint/callMetricsHandler.ts';
import { FaultTimers } from '../endpoint/faultTimers.ts';
import { matchCallMetricsPath } from '../endpoint/matchCallMetricsPath.ts';
import { graphErrors } from '../graph/graphErrors.ts';
import { tokensOutsideBody } from '../graph/requestTokens.ts';
import type { PlatformLog, PlatformRequest } from '../results/platformLog.ts';
import { parseRequestBody } from '../graph/parseRequestBody.ts';
import { readBodyLimited } from '../graph/readBodyLimited.ts';
import { CallStateMachine, type CallEvent, type CallRecord, type ConsumerCallOptions, type EmptyDuration, type Step } from './callStateMachine.ts';
import { checkSdpOffer } from './checkSdpOffer.ts';
import type { MediaEdge } from './mediaEdge.ts';
import { PermissionBook, type PermissionOptions } from './permissionBook.ts';
import { DEFAULT_DUPLICATE_GAP_MS, MAX_HANG_MS, type PlatformFaultPlan, type RequestFault, type WebhookFault } from './platformFaultPlanSchema.ts';
import { PlatformFaults } from './platformFaults.ts';
import { PlatformLogBook } from './platformLogBook.ts';
import { errorEnvelope, newTraceId, platformError, type GraphError, type PlatformErrorKey } from './platformErrors.ts';
import { AcceptSchema, bodyErrors, CallIdSchema, CallsBaseSchema, ConnectSchema, MediaUpdateSchema, MessagesSchema, sessionSdp, SubscriptionSchema, withCallId, type CallAction, type Session } from './platformRequestSchemas.ts';
import { verifySubscription } from './verifySubscription.ts';
import { callsWebhook, permissionReplyWebhook, serializeWebhookBody, type PermissionReplyPlacement, type WebhookField } from './webhookBody.ts';
import { WebhookSender, type Delivery, type DeliveryPolicy, type DeliveryTag } from './webhookSender.ts';

export type { ConsumerCallOptions } from './callStateMachine.ts';
export type { PlatformFaultPlan } from './platformFaultPlanSchema.ts';

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
  /** a media_update version clash: the conflict error, or the documented other outcome, HTTP 200 `{success:true}` without SDP; default 'error' */
  versionClash?: 'error' | 'empty-200';
  /** `/{page}/call_metrics`, answered by harness/endpoint's handler; every field optional */
  callMetrics?: PlatformCallMetricsOptions;
}

/** How `/call_metrics` is served (the endpoint's options; the platform's call state replaces its registry). */
export type PlatformCallMetricsOptions = Pick<CallMetricsHandlerOptions, 'recordPath' | 'fsync' | 'maxBodyBytes' | 'callStateLagMs' | 'seed' | 'windowMs'>;

/**
 * `/call_metrics` served by the platform, with the surface the engine reads from an embedded
 * endpoint (SubmissionTarget.endpoint). Whether a call is in progress or ended is the platform's
 * own call state; `markCallEnded` is accepted and ignored for that reason.
 */
export interface PlatformCallMetrics extends CallMetricsControls {
  /** the full call_metrics URL: `http://127.0.0.1:PORT/{page}/call_metrics` */
  readonly url: string;
}

export interface Subscription {
  callbackUrl: string;
  verifyToken: string;
  fields: WebhookField[];
}

/** The consumer side, driven by the harness (in-process). Each method throws on a harness mistake (unknown call, wrong state). */
export interface ConsumerSide {
  /**
   * The consumer calls the Page: a connect webhook. `how.callId` names the call (the harness
   * knows it before: relay credentials are made with it); `how.callerHidden` leaves `from` out
   * of the connect webhook; `how.acceptTimeoutMs` shortens this call's accept window.
   * @returns the call id
   */
  call(psid: string, how?: ConsumerCallOptions & CallExtras): string;
  /** `how.status`: the terminate webhook's status for this hang-up (default Completed; e.g. Removed, or a vendor's) */
  hangUp(callId: string, how?: { status?: string }): void;
  /** The business's next connect to `psid` creates a call with this id (the harness made relay credentials with it). */
  expectConnect(psid: string, callId: string): void;
  /** Picks up a ringing business call: call_status accepted, then media_update with the edge's offer. */
  pickUp(callId: string): Promise<void>;
  decline(callId: string): void;
  /** Mute/unmute or video: a media_update webhook with the edge's next offer. */
  changeMedia(callId: string): Promise<void>;
  /** The call fails mid-connection: terminate, Failed. */
  fail(callId: string): void;
  answerPermission(psid: string, approve: boolean): void;
}

/** What the harness may set on a consumer's call beyond the state machine's options. */
export interface CallExtras {
  /** the connect webhook names this session version (`session.version`) for the consumer's app; default none (an emulation choice: Meta documents none) */
  sessionVersion?: number;
  /** the edge's accept answer comes with Meta's renegotiation offer; default false */
  renegotiate?: boolean;
}

/** Told of every `calls` event as the platform makes it, whether or not a webhook goes out. */
export type CallEventListener = (callId: string, event: CallEvent) => void;

export interface Platform {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  /** Subscribes to the platform's call events (the consumer's app hears of its call's end this way). @returns unsubscribe */
  onCallEvent(listener: CallEventListener): () => void;
  readonly consumer: ConsumerSide;
  /** Sets the callback as `POST /{app-id}/subscriptions` does (handshake first). */
  subscribe(sub: Subscription): Promise<{ ok: true } | { ok: false; reason: string }>;
  call(callId: string): CallRecord | undefined;
  deliveries(): Delivery[];
  /** `/call_metrics` on this platform's port, and what the engine reads and sets on it */
  readonly callMetrics: PlatformCallMetrics;
  /** Replaces the fault plan of `callId` (an existing call, or one the harness will place with that id). Throws naming every bad field. */
  setFaults(callId: string, plan: PlatformFaultPlan): void;
  /** The next call the platform creates (either direction) takes this plan, unless one was set for its id. */
  setNextCallFaults(plan: PlatformFaultPlan): void;
  /** Faults on the permission replies of consumer `psid` (`call_permission_reply` rules only). */
  setPermissionFaults(psid: string, plan: PlatformFaultPlan): void;
  /** Whether every webhook about `callId` has been sent and has its outcome (none held back, none pending). */
  webhooksSettled(callId: string): boolean;
  /**
   * Sends the business a webhook about `callId` signed with a wrong secret, now (a terminate as
   * if the call had ended, or a connect): the business must ignore it. Recorded as forged.
   */
  forgeWebhook(callId: string, event: 'terminate' | 'connect'): void;
  /** Everything the platform saw and did for one call; throws for an unknown call. */
  logOf(callId: string): PlatformLog;
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
/** A `hang` fault: no answer; the socket is closed after `ms`. */
class Hang extends Error {
  constructor(readonly ms: number) {
    super(`hang ${ms} ms`);
  }
}

/** What the log keeps of one `/calls` request while it is handled. */
interface RequestContext {
  receivedAtMs: number;
  action?: string;
  /** the call it is about (for a connect: the call it created) */
  callId: string | null;
  /** connect: the consumer called */
  psid?: string;
  /** the body as JSON text, access_token removed */
  bodyText: string;
  fault?: string;
}

/** A fault rule in words, for the log: 'fail 503', 'hang 30000 ms', 'delay 300 ms', 'fail-attempts 2', 'status "Busy"'. */
function faultWords(rule: RequestFault | WebhookFault): string {
  if (rule.do === 'fail') return `fail ${rule.status ?? 500}`;
  if (rule.do === 'hang') return `hang ${Math.min(rule.ms ?? MAX_HANG_MS, MAX_HANG_MS)} ms`;
  if (rule.do === 'delay') return `delay ${rule.ms} ms`;
  if (rule.do === 'fail-attempts') return `fail-attempts ${rule.attempts}`;
  if (rule.do === 'status') return `status ${JSON.stringify(rule.status)}`;
  return rule.do;
}

/** A 200 answer that is not a valid Graph answer: `session` without its SDP, or no `success`. */
/** A 200 answer whose SDP the business cannot apply: the DTLS fingerprint is not hex (fault `corrupt-sdp`). */
function withGarbledFingerprint(answer: Record<string, unknown>): object {
  return JSON.parse(JSON.stringify(answer).replace(/a=fingerprint:(\S+) [0-9A-F:]+/g, 'a=fingerprint:$1 ZZ:ZZ'));
}

function corrupted(answer: Record<string, unknown>): object {
  return 'session' in answer ? { ...answer, session: {} } : {};
}

/** `consumer.call`'s options, checked: a harness mistake names the field. */
function checkCallOptions(how: ConsumerCallOptions): void {
  const known = ['callId', 'callerHidden', 'acceptTimeoutMs'];
  const unknown = Object.keys(how).find((k) => !known.includes(k));
  if (unknown !== undefined) throw new Error(`consumer.call: ${unknown} is not a known option (known: ${known.join(', ')})`);
  if (how.callId !== undefined && (typeof how.callId !== 'string' || how.callId.length === 0 || how.callId.length > 200)) throw new Error(`consumer.call: callId must be a string of 1..200 characters, got ${JSON.stringify(how.callId)}`);
  if (how.callerHidden !== undefined && typeof how.callerHidden !== 'boolean') throw new Error(`consumer.call: callerHidden must be a boolean, got ${JSON.stringify(how.callerHidden)}`);
  if (how.acceptTimeoutMs !== undefined && !(typeof how.acceptTimeoutMs === 'number' && Number.isFinite(how.acceptTimeoutMs) && how.acceptTimeoutMs >= 0)) throw new Error(`consumer.call: acceptTimeoutMs must be a number of ms ≥ 0, got ${JSON.stringify(how.acceptTimeoutMs)}`);
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
  const faults = new PlatformFaults();
  const book = new PlatformLogBook();
  /** the calls /call_metrics knows, driven by the state machine (created → in progress, ended → the window opens) */
  const metricsCalls = new CallRegistry();
  /** draw keys named for calls that do not exist yet */
  const drawKeys = new Map<string, string>();
  const metrics = createCallMetricsHandler({ ...opts.callMetrics, pageId: opts.pageId, accessToken: opts.accessToken, clock, calls: metricsCalls });
  /** fault timers (delayed webhooks and requests, held sockets); cleared on close */
  const timers = new FaultTimers();
  const wait = (ms: number): Promise<void> => new Promise((resolve) => timers.later(ms, resolve));
  /** webhooks held back for a call (a delay or a duplicate's second copy), not yet handed to the sender */
  const heldBack = new Map<string, number>();
  const laterFor = (callId: string | null | undefined, ms: number, fn: () => void): void => {
    if (callId === undefined || callId === null) return void timers.later(ms, fn);
    heldBack.set(callId, (heldBack.get(callId) ?? 0) + 1);
    timers.later(ms, () => {
      const left = (heldBack.get(callId) ?? 1) - 1;
      if (left > 0) heldBack.set(callId, left);
      else heldBack.delete(callId);
      fn();
    });
  };

  /** Sends one webhook as `rule` says (none: as documented). */
  const deliver = (field: WebhookField, payload: object, about: Pick<DeliveryTag, 'callId' | 'event'>, rule: WebhookFault | null): void => {
    if (!subscription || !subscription.fields.includes(field)) return;
    const url = subscription.callbackUrl;
    const body = serializeWebhookBody(payload);
    const words = rule === null ? undefined : faultWords(rule);
    const tag = (kind: DeliveryTag['kind']): DeliveryTag => ({ ...about, kind, ...(words === undefined ? {} : { fault: words }) });
    switch (rule?.do) {
      case 'duplicate':
        sender.send(url, field, body, { tag: tag('real') });
        laterFor(about.callId, rule.ms ?? DEFAULT_DUPLICATE_GAP_MS, () => sender.send(url, field, body, { tag: tag('duplicate') }));
        return;
      case 'delay':
        laterFor(about.callId, rule.ms ?? 0, () => sender.send(url, field, body, { tag: tag('delayed') }));
        return;
      case 'fail-attempts':
        sender.send(url, field, body, { tag: tag('real'), skipAttempts: rule.attempts ?? 1 });
        return;
      case 'forge':
        // the forged copy first: a business that trusted it would act on it before the real one arrives
        sender.send(url, field, body, { tag: tag('forged'), secret: `${opts.appSecret}:forged` });
        sender.send(url, field, body, { tag: { ...about, kind: 'real' } });
        return;
      default:
        sender.send(url, field, body, { tag: tag('real') });
    }
  };
  const listeners = new Set<CallEventListener>();
  /** per call: what the harness set beyond the state machine (connect's session version, renegotiation, a hang-up's status) */
  const extras = new Map<string, CallExtras & { hangupStatus?: string }>();
  /** the business's next connect to a PSID: the call id the harness gave it */
  const expectedConnects = new Map<string, string>();
  const emitCalls = (events: CallEvent[]): void => {
    // one webhook per event: Meta promises no order, and a receiver must not rely on batching
    for (const event of events) {
      for (const listener of listeners) listener(event.id, event);
      if (!subscription || !subscription.fields.includes('calls')) continue;
      const rule = faults.webhook(event.id, event.event);
      const status = rule?.do === 'status' ? rule.status : extras.get(event.id)?.hangupStatus;
      const version = extras.get(event.id)?.sessionVersion;
      // an unknown vendor status is exactly what the type forbids; the fault writes it anyway
      let shaped = status !== undefined && event.event === 'terminate' ? ({ ...event, status } as unknown as CallEvent) : event;
      if (version !== undefined && event.event === 'connect') shaped = { ...shaped, session: { version } } as unknown as CallEvent;
      deliver('calls', callsWebhook(opts.pageId, clock(), [shaped]), { callId: event.id, event: event.event }, rule);
    }
  };
  /** A call exists: its faults, its /call_metrics registration, its log. Before its first webhook. */
  const created = (call: CallRecord): void => {
    faults.adopt(call.id);
    metricsCalls.register(call.id, drawKeys.get(call.id) ?? call.id);
    drawKeys.delete(call.id);
    book.created(call.id, call.psid);
  };
  const afterEnd = (call: CallRecord): void => {
    if (call.phase !== 'ended') return;
    metricsCalls.markEnded(call.id, call.endedAtMs as number);
    opts.mediaEdge.release?.(call.id);
  };
  /** The media edge failed on accept/connect: the call ends Failed (terminate webhook) and the request gets a Graph error. */
  const edgeAnswer = async (offer: string, callId: string): Promise<Awaited<ReturnType<MediaEdge['answer']>>> => {
    try {
      return await opts.mediaEdge.answer(offer, callId, { renegotiate: extras.get(callId)?.renegotiate === true });
    } catch (error) {
      const step = calls.fail(callId, clock());
      if (step.ok) {
        emitCalls(step.events);
        afterEnd(step.call);
        schedule();
      }
      return fail('mediaEdgeFailed', error instanceof Error ? error.message : String(error));
    }
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

  const handleCalls = async (appId: string, params: Record<string, unknown>, ctx: RequestContext): Promise<object> => {
    const base = bodyErrors(CallsBaseSchema, params);
    if (base.length > 0) fail(params.action === undefined || typeof params.action !== 'string' ? 'invalidParameter' : 'unknownAction', base.join('; '));
    const action = String(params.action).toLowerCase() as CallAction;
    ctx.action = action;
    const named = withCallId(params).call_id;
    if (action !== 'connect' && typeof named === 'string') ctx.callId = named;
    if (action === 'connect' && typeof params.to === 'string') ctx.psid = params.to;
    // a connect's call does not exist yet: the next-call plan decides
    const rule = action === 'connect' ? faults.request(null, action) : ctx.callId === null ? null : faults.request(ctx.callId, action);
    if (rule) ctx.fault = faultWords(rule);
    if (rule?.do === 'fail') throw new PlatformFailure(graphErrors.serverError(rule.status ?? 500));
    if (rule?.do === 'hang') throw new Hang(Math.min(rule.ms ?? MAX_HANG_MS, MAX_HANG_MS));
    if (rule?.do === 'delay') await wait(rule.ms ?? 0);
    const answer = await handleAction(action, appId, params, ctx);
    if (rule?.do === 'corrupt-sdp') return withGarbledFingerprint(answer);
    return rule?.do === 'corrupt' ? corrupted(answer) : answer;
  };

  const handleAction = async (action: CallAction, appId: string, params: Record<string, unknown>, ctx: RequestContext): Promise<Record<string, unknown>> => {
    const now = clock();
    switch (action) {
      case 'accept': {
        const body = valid<{ call_id: string; session: Session }>(AcceptSchema, withCallId(params));
        const offer = checkedOffer(body.session);
        const call = businessStep(calls.accept(body.call_id, appId, now));
        permissions.grant(call.psid, now);
        const edge = await edgeAnswer(offer, call.id);
        Object.assign(book.edge(call.id), { answer: edge.answer }, edge.renegotiation ? { renegotiation: edge.renegotiation } : {});
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
        const expected = expectedConnects.get(body.to);
        expectedConnects.delete(body.to);
        const step = calls.businessCalls(body.to, appId, now, expected);
        if (step.ok) created(step.call);
        const call = businessStep(step);
        ctx.callId = call.id;
        const edge = await edgeAnswer(offer, call.id);
        book.edge(call.id).answer = edge.answer;
        return { success: true, id: call.id, call_id: call.id, session: { sdp_response: { sdp_type: 'answer', sdp: edge.answer } } };
      }
      case 'media_update': {
        const body = valid<{ call_id: string; from_version: number | string; to_version: number | string; tracks?: { msid: string }[]; session: Session }>(MediaUpdateSchema, withCallId(params));
        const offer = checkedOffer(body.session);
        const blank = (body.tracks ?? []).findIndex((t) => t.msid.trim() === '');
        if (blank >= 0) fail('invalidTrackMsid', `tracks[${blank}].msid is empty`);
        const step = calls.businessMediaUpdate(body.call_id, appId, Number(body.from_version), Number(body.to_version));
        if (!step.ok && step.error === 'mediaVersionConflict' && opts.versionClash === 'empty-200') return { success: true };
        businessStep(step);
        const edge = await opts.mediaEdge.answer(offer, body.call_id);
        book.edge(body.call_id).updateAnswers.push(edge.answer);
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

  const route = async (req: IncomingMessage, url: URL, ctx: RequestContext): Promise<{ status: number; body: object }> => {
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
    const { access_token: _token, ...withoutToken } = params;
    ctx.bodyText = JSON.stringify(withoutToken);
    // the token: query, Authorization header or body, as the call_metrics endpoint reads it
    const tokens = tokensOutsideBody(url.searchParams, req.headers.authorization).map((t) => t.value);
    if (params.access_token !== undefined) tokens.push(String(params.access_token));
    if (tokens.length === 0) fail('tokenMissing');
    const appIds = tokens.map((t) => apps.get(t));
    if (appIds.some((a) => a === undefined) || new Set(appIds).size > 1) fail('tokenInvalid');
    const appId = appIds[0] as string;

    const expected = edge === 'subscriptions' ? opts.appId : opts.pageId;
    if (safeDecode(objectId) !== expected) fail('pageNotFound', `object ${JSON.stringify(objectId)}`);
    if (edge === 'calls') return { status: 200, body: await handleCalls(appId, params, ctx) };
    if (edge === 'messages') return { status: 200, body: handleMessages(params) };
    if (edge === 'subscriptions') return { status: 200, body: await handleSubscription(params) };
    const psid = url.searchParams.get('psid');
    if (!psid) fail('invalidParameter', 'psid is required');
    return { status: 200, body: permissions.view(psid as string, clock()) };
  };

  /** A `/calls` request goes into its call's log (a connect that created no call waits for the next call to its consumer). */
  const logRequest = (req: IncomingMessage, url: URL, ctx: RequestContext, status: number, response: string, answered: boolean): PlatformRequest | null => {
    if (ctx.action === undefined) return null;
    const entry: PlatformRequest = {
      receivedAtMs: ctx.receivedAtMs,
      answeredAtMs: answered ? clock() : null,
      method: req.method ?? '',
      path: url.pathname,
      action: ctx.action,
      body: ctx.bodyText,
      status,
      response,
      ...(ctx.fault === undefined ? {} : { fault: ctx.fault }),
    };
    if (ctx.callId !== null && calls.get(ctx.callId)) book.request(ctx.callId, entry);
    else if (ctx.action === 'connect' && ctx.psid !== undefined) book.request(null, entry, ctx.psid);
    return entry;
  };
  /** A `hang` fault: nothing is answered; the socket closes after `ms` unless the client gives up first. */
  const hang = (req: IncomingMessage, url: URL, ctx: RequestContext, ms: number): void => {
    logRequest(req, url, ctx, 0, '', false);
    timers.holdSocket(req.socket, ms);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // one base URL for the business's Graph client: /call_metrics is the endpoint's handler, on this port
    if (matchCallMetricsPath(url.pathname)) return metrics.handle(req, res);
    const ctx: RequestContext = { receivedAtMs: clock(), callId: null, bodyText: '' };
    const reply = (status: number, body: object, headers: Record<string, string>): void => {
      const text = JSON.stringify(body);
      const sent = send(res, status, text, headers);
      logRequest(req, url, ctx, sent ? status : 0, text, sent);
    };
    route(req, url, ctx)
      .then((r) => reply(r.status, r.body, {}))
      .catch((error: unknown) => {
        if (error instanceof Hang) return hang(req, url, ctx, error.ms);
        const graph = error instanceof PlatformFailure ? error.graph : platformError('invalidParameter', `internal error: ${String(error)}`);
        const trace = newTraceId();
        reply(graph.status, errorEnvelope(graph, trace), { 'x-fb-trace-id': trace, ...graph.headers });
      });
  });
  /** @returns whether the answer went out (false: the client is gone) */
  const send = (res: ServerResponse, status: number, text: string, headers: Record<string, string>): boolean => {
    if (res.headersSent || res.destroyed) return false;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store', ...headers });
    res.end(text);
    return true;
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });

  const consumer: ConsumerSide = {
    call(psid, how = {}) {
      const { sessionVersion, renegotiate, ...machine } = how;
      how = machine;
      if (how.callId !== undefined) extras.set(how.callId, { ...(sessionVersion !== undefined ? { sessionVersion } : {}), ...(renegotiate ? { renegotiate } : {}) });
      checkCallOptions(how);
      const step = calls.consumerCalls(psid, opts.appId, clock(), how);
      if (step.ok) created(step.call);
      return consumerStep(step).id;
    },
    hangUp: (callId, how = {}) => {
      if (how.status !== undefined) extras.set(callId, { ...extras.get(callId), hangupStatus: how.status });
      consumerStep(calls.consumerHangsUp(callId, clock()));
    },
    expectConnect: (psid, callId) => void expectedConnects.set(psid, callId),
    async pickUp(callId) {
      const call = calls.get(callId);
      const sdp = await opts.mediaEdge.consumerOffer(callId, (call?.mediaVersion ?? 0) + 1);
      const done = consumerStep(calls.consumerPicksUp(callId, sdp, clock()));
      book.edge(callId).mediaUpdates.push(sdp);
      permissions.grant(done.psid, clock());
    },
    decline: (callId) => void consumerStep(calls.consumerDeclines(callId, clock())),
    async changeMedia(callId) {
      const call = calls.get(callId);
      const sdp = await opts.mediaEdge.consumerOffer(callId, (call?.mediaVersion ?? 0) + 1);
      consumerStep(calls.consumerMediaUpdate(callId, sdp, clock()));
      book.edge(callId).mediaUpdates.push(sdp);
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
      const rule = subscription?.fields.includes('call_permission_reply') ? faults.permissionReply(psid) : null;
      deliver('call_permission_reply', permissionReplyWebhook(opts.pageId, now, reply, opts.permissionReplyPlacement ?? 'entry'), { callId: null, event: 'call_permission_reply' }, rule);
    },
  };

  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    consumer,
    subscribe,
    call: (callId) => calls.get(callId),
    deliveries: () => sender.deliveries(),
    callMetrics: {
      url: `${url}/${encodeURIComponent(opts.pageId)}/call_metrics`,
      registerCall(callId, drawKey) {
        // the call's state is the platform's; only the draw key is the harness's to name
        if (drawKey === undefined) return;
        if (calls.get(callId)) metricsCalls.setDrawKey(callId, drawKey);
        else drawKeys.set(callId, drawKey);
      },
      markCallEnded: () => {},
      setFaults: (plan) => metrics.setFaults(plan),
      requestsFor: (callId) => metrics.requestsFor(callId),
      inProgressFor: (callId) => metrics.inProgressFor(callId),
      allRequests: () => metrics.allRequests(),
    },
    webhooksSettled(callId) {
      if (heldBack.has(callId)) return false;
      return sender.deliveries().every((d) => d.tag?.callId !== callId || d.outcome !== 'pending');
    },
    forgeWebhook(callId, event) {
      const call = calls.get(callId);
      if (!call) throw new Error(`forgeWebhook: no call ${JSON.stringify(callId)} on this platform`);
      if (!subscription) return;
      const now = clock();
      const item =
        event === 'terminate'
          ? { id: callId, event, timestamp: Math.floor(now / 1000), status: 'Completed', start_time: Math.floor(call.createdAtMs / 1000), end_time: Math.floor(now / 1000) }
          : { id: callId, event, timestamp: Math.floor(now / 1000), to: opts.pageId, from: call.psid, call_direction: call.direction };
      const body = serializeWebhookBody(callsWebhook(opts.pageId, now, [item as unknown as CallEvent]));
      sender.send(subscription.callbackUrl, 'calls', body, { tag: { callId, event, kind: 'forged' }, secret: `${opts.appSecret}:forged` });
    },
    onCallEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setFaults: (callId, plan) => faults.set(callId, plan),
    setNextCallFaults: (plan) => faults.setNext(plan),
    setPermissionFaults: (psid, plan) => faults.setForPsid(psid, plan),
    logOf(callId) {
      const call = calls.get(callId);
      if (!call) throw new Error(`logOf: no call ${JSON.stringify(callId)} on this platform`);
      return book.logOf(call, sender.deliveries(), metrics.requestsFor(callId));
    },
    expireDue,
    async close() {
      if (closed) return;
      closed = true;
      if (deadlineTimer) clearTimeout(deadlineTimer);
      timers.clear();
      metrics.close();
      sender.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
