/**
 * The reference business's Graph client: the documented calling calls of a Page, nothing else.
 *  - `POST /{page}/calls` with action accept, reject, terminate, connect, media_update;
 *  - `GET /{page}/messenger_call_permissions?psid=`;
 *  - `POST /{page}/messages` with the `calling_optin` template (the permission request).
 * Every reply is validated against graphReplySchema.ts; every failure is a GraphRequestError.
 * Which failures are retried, and how long it waits: graphRetryPolicy.ts.
 */
import { backoffDelayMs } from '../agent/submitter/backoffDelayMs.ts';
import { mulberry32 } from '../random/mulberry32.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';
import type { TSchema, Static } from '@sinclair/typebox';
import { GraphRequestError, type GraphFailure, type GraphOperation } from './graphRequestError.ts';
import { CallsReplySchema, GraphErrorEnvelopeSchema, MessagesReplySchema, PermissionsReplySchema, type CallsReply, type GraphErrorEnvelope, type PermissionsBody } from './graphReplySchema.ts';
import { GRAPH_CLIENT_DEFAULTS, isTransientAnswer, shouldRetry } from './graphRetryPolicy.ts';
import { readSessionDescription, type SessionDescription } from './sessionDescription.ts';

export { GraphRequestError } from './graphRequestError.ts';

export interface GraphClientOptions {
  /** scheme, host and port of Graph (the platform emulator), e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  /** the Page the business calls for */
  pageId: string;
  /** the Page access token, sent as `Authorization: Bearer` */
  accessToken: string;
  /** path prefix, e.g. `v26.0`; '' for none; default v26.0 */
  graphVersion?: string;
  /** default: the global fetch */
  fetch?: typeof fetch;
  /** one attempt without an answer is abandoned after this, ms; default 5000 */
  requestTimeoutMs?: number;
  /** attempts at most for a retryable failure, the first included; default 3 */
  maxAttempts?: number;
  /** backoff cap before the 2nd attempt, ms; default 200 */
  baseDelayMs?: number;
  /** largest backoff cap, ms; default 2000 */
  maxDelayMs?: number;
  /** seed of the jitter stream; default 0. Give each business of a run its own */
  seed?: number;
  /** default: setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

/** One attempt, as the client saw it. */
export interface GraphAttemptLog {
  operation: GraphOperation;
  /** 1-based within its request */
  attempt: number;
  /** HTTP status; 0 = no answer */
  status: number;
  /** ms, from sending to the answer read (or the failure) */
  durationMs: number;
  /** `ok`, or the failure */
  outcome: 'ok' | GraphFailure;
}

export interface MediaTrack {
  /** the track's msid */
  msid: string;
  /** `default_audio`, `default_video`, `screen_audio`, `screen_video` (the reference's case) */
  label: string;
  status: 'enabled' | 'disabled';
}

export interface MediaUpdateRequest {
  callId: string;
  fromVersion: number;
  toVersion: number;
  tracks: MediaTrack[];
  /** the business's new offer */
  offerSdp: string;
}

export interface CallPermissions {
  status: 'has_permission' | 'no_permission';
  /** Unix seconds, when given */
  expirationTime?: number;
  actions: { name: string; canPerform?: boolean; limits: { timePeriod?: string; maxAllowed?: number; currentUsage?: number }[] }[];
}

export interface GraphClient {
  /** accepts a consumer's call with the business's offer; the platform answers (and may add an offer to answer locally) */
  accept(callId: string, offerSdp: string): Promise<{ answer: SessionDescription; renegotiation?: SessionDescription }>;
  reject(callId: string): Promise<void>;
  terminate(callId: string): Promise<void>;
  /** calls a consumer (needs their permission) */
  connect(psid: string, offerSdp: string): Promise<{ callId: string; answer: SessionDescription; renegotiation?: SessionDescription }>;
  /** the business's media change; no `answer` = the platform's "200 with no SDP" on a version clash */
  mediaUpdate(request: MediaUpdateRequest): Promise<{ answer?: SessionDescription; renegotiation?: SessionDescription }>;
  callPermissions(psid: string): Promise<CallPermissions>;
  /** sends the `calling_optin` template (2 per thread per day) */
  requestCallPermission(psid: string): Promise<{ messageId: string; recipientId?: string }>;
  /** every attempt so far, oldest first (a copy) */
  attempts(): GraphAttemptLog[];
}

interface Request {
  operation: GraphOperation;
  method: 'GET' | 'POST';
  /** after `/{page}` */
  edge: string;
  query?: Record<string, string>;
  body?: object;
}

const isRefused = (error: unknown): boolean => {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED';
};

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = mulberry32(options.seed ?? 0);
  const requestTimeoutMs = options.requestTimeoutMs ?? GRAPH_CLIENT_DEFAULTS.requestTimeoutMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? GRAPH_CLIENT_DEFAULTS.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? GRAPH_CLIENT_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? GRAPH_CLIENT_DEFAULTS.maxDelayMs;
  const version = options.graphVersion ?? GRAPH_CLIENT_DEFAULTS.graphVersion;
  const prefix = `${options.baseUrl.replace(/\/+$/, '')}${version ? `/${version}` : ''}/${encodeURIComponent(options.pageId)}`;
  const log: GraphAttemptLog[] = [];

  type Attempt = { ok: true; status: number; body: unknown } | { ok: false; error: Omit<ConstructorParameters<typeof GraphRequestError>[0], 'attempts'>; refused: boolean };

  const once = async (req: Request): Promise<Attempt> => {
    const url = new URL(`${prefix}/${req.edge}`);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), requestTimeoutMs);
    const fail = (failure: GraphFailure, status: number, message: string, extra: { code?: number; subcode?: number; fbtraceId?: string; isTransient?: boolean } = {}, refused = false): Attempt => ({
      ok: false,
      refused,
      error: { operation: req.operation, failure, status, message, isTransient: extra.isTransient ?? false, ...extra },
    });
    try {
      const res = await doFetch(url, {
        method: req.method,
        headers: { Authorization: `Bearer ${options.accessToken}`, ...(req.body ? { 'Content-Type': 'application/json' } : {}) },
        ...(req.body ? { body: JSON.stringify(req.body) } : {}),
        signal: controller.signal,
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (body !== undefined && typeof body === 'object' && body !== null && 'error' in body && schemaErrors(GraphErrorEnvelopeSchema, body).length === 0) {
        const e = (body as GraphErrorEnvelope).error;
        return fail('graph_error', res.status, e.message ?? '(no message)', {
          ...(e.code === undefined ? {} : { code: e.code }),
          ...(e.error_subcode === undefined ? {} : { subcode: e.error_subcode }),
          ...(e.fbtrace_id === undefined ? {} : { fbtraceId: e.fbtrace_id }),
          isTransient: isTransientAnswer(res.status, e.code, e.is_transient),
        });
      }
      if (res.status < 200 || res.status >= 300) return fail('http_status', res.status, `HTTP ${res.status}: ${text.slice(0, 120)}`, { isTransient: isTransientAnswer(res.status, undefined, undefined) });
      if (body === undefined) return fail('invalid_reply', res.status, `the answer is not JSON: ${text.slice(0, 120)}`);
      return { ok: true, status: res.status, body };
    } catch (error) {
      if (controller.signal.aborted) return fail('timeout', 0, `no answer within ${requestTimeoutMs} ms`, { isTransient: true });
      return fail('network', 0, String((error as { cause?: unknown }).cause ?? error), { isTransient: true }, isRefused(error));
    } finally {
      clearTimeout(timer);
    }
  };

  /** one logical request: attempts, retries by the policy, then the reply validated against `schema` */
  const call = async <S extends TSchema>(req: Request, schema: S): Promise<{ body: Static<S>; attempts: number }> => {
    for (let n = 1; ; n++) {
      const started = performance.now();
      const result = await once(req);
      let error = result.ok ? undefined : result.error;
      if (result.ok) {
        const problems = schemaErrors(schema, result.body);
        if (problems.length > 0) error = { operation: req.operation, failure: 'invalid_reply', status: result.status, message: problems.join('; '), isTransient: false };
        else if ((result.body as { success?: unknown }).success === false) error = { operation: req.operation, failure: 'unsuccessful', status: result.status, message: '`success` is false', isTransient: false };
      }
      log.push({ operation: req.operation, attempt: n, status: result.ok ? result.status : result.error.status, durationMs: performance.now() - started, outcome: error ? error.failure : 'ok' });
      if (!error) return { body: (result as { body: Static<S> }).body, attempts: n };
      const retry = n < maxAttempts && shouldRetry({ failure: error.failure, status: error.status, isTransient: error.isTransient, refused: !result.ok && result.refused, idempotent: req.method === 'GET' });
      if (!retry) throw new GraphRequestError({ ...error, attempts: n });
      await sleep(backoffDelayMs(n, baseDelayMs, maxDelayMs, random));
    }
  };

  /** the answer an accept or connect reply must carry; `attempts` is what the request took */
  const need = (operation: GraphOperation, reply: CallsReply, attempts: number): SessionDescription => {
    const field = reply.session?.sdp_response;
    if (field === undefined || field === null) throw new GraphRequestError({ operation, failure: 'invalid_reply', status: 200, message: 'the reply has no session.sdp_response (the answer)', isTransient: false, attempts });
    return readSessionDescription(field, 'answer');
  };
  const optionalOffer = (reply: CallsReply): { renegotiation?: SessionDescription } => {
    const field = reply.session?.sdp_renegotiation;
    return field === undefined || field === null ? {} : { renegotiation: readSessionDescription(field, 'offer') };
  };
  const calls = (operation: GraphOperation, body: object) => call({ operation, method: 'POST', edge: 'calls', body: { platform: 'messenger', ...body } }, CallsReplySchema);

  const permissionsOf = (body: PermissionsBody): CallPermissions => ({
    status: body.permission.status.toLowerCase() as CallPermissions['status'],
    ...(body.permission.expiration_time === undefined ? {} : { expirationTime: body.permission.expiration_time }),
    actions: (body.actions ?? []).map((a) => {
      const canPerform = a.can_perform ?? a.can_perform_action;
      return {
        name: a.action_name,
        ...(canPerform === undefined ? {} : { canPerform }),
        limits: (a.limits ?? []).map((l) => {
          const maxAllowed = l.max_allowed ?? l.max_allowed_per_user;
          return {
            ...(l.time_period === undefined ? {} : { timePeriod: l.time_period }),
            ...(maxAllowed === undefined ? {} : { maxAllowed }),
            ...(l.current_usage === undefined ? {} : { currentUsage: l.current_usage }),
          };
        }),
      };
    }),
  });

  return {
    async accept(callId, offerSdp) {
      const { body: reply, attempts } = await calls('accept', { call_id: callId, action: 'accept', session: { sdp_type: 'offer', sdp: offerSdp } });
      return { answer: need('accept', reply, attempts), ...optionalOffer(reply) };
    },
    async reject(callId) {
      await calls('reject', { call_id: callId, action: 'reject' });
    },
    async terminate(callId) {
      await calls('terminate', { call_id: callId, action: 'terminate' });
    },
    async connect(psid, offerSdp) {
      const { body: reply, attempts } = await calls('connect', { to: psid, action: 'connect', session: { sdp_type: 'offer', sdp: offerSdp } });
      const callId = reply.id ?? reply.call_id;
      if (callId === undefined) throw new GraphRequestError({ operation: 'connect', failure: 'invalid_reply', status: 200, message: 'the reply has neither id nor call_id', isTransient: false, attempts });
      return { callId, answer: need('connect', reply, attempts), ...optionalOffer(reply) };
    },
    async mediaUpdate(r) {
      const { body: reply } = await calls('media_update', {
        call_id: r.callId,
        action: 'media_update',
        from_version: r.fromVersion,
        to_version: r.toVersion,
        tracks: r.tracks,
        session: { sdp_type: 'offer', sdp: r.offerSdp },
      });
      const answer = reply.session?.sdp_response;
      return { ...(answer === undefined || answer === null ? {} : { answer: readSessionDescription(answer, 'answer') }), ...optionalOffer(reply) };
    },
    async callPermissions(psid) {
      const { body: reply } = await call({ operation: 'call_permissions', method: 'GET', edge: 'messenger_call_permissions', query: { psid } }, PermissionsReplySchema);
      return permissionsOf('data' in reply ? reply.data[0]! : reply);
    },
    async requestCallPermission(psid) {
      const { body: reply } = await call(
        {
          operation: 'request_call_permission',
          method: 'POST',
          edge: 'messages',
          body: { recipient: { id: psid }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } },
        },
        MessagesReplySchema,
      );
      const recipientId = reply.recipient?.id ?? reply.recipient_id;
      return { messageId: reply.message_id, ...(recipientId === undefined ? {} : { recipientId }) };
    },
    attempts: () => log.map((a) => ({ ...a })),
  };
}
