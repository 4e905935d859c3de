/**
 * The call_metrics endpoint's handling of one HTTP request, without a server of its own: the
 * order of checks, the injected faults, the record line written before the answer, and the
 * per-call registry. `startEndpoint` serves it on its own port; the emulated platform
 * (harness/platform) serves it on the platform's port and drives the registry from its calls.
 * Errors, statuses and the order of checks: README.md in this folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CallRegistry } from './callRegistry.ts';
import { corsHeaders, preflightHeaders } from './corsHeaders.ts';
import { decideSubmission } from './decideSubmission.ts';
import { tokensOutsideBody } from '../graph/requestTokens.ts';
import { FaultInjector, type FaultDecision } from './faultInjector.ts';
import { FaultTimers } from './faultTimers.ts';
import { NO_FAULTS, parseFaultPlan, type FaultPlan } from './faultPlanSchema.ts';
import { errorEnvelope, graphErrors, newTraceId, type GraphError } from '../graph/graphErrors.ts';
import { matchCallMetricsPath } from './matchCallMetricsPath.ts';
import { parseRequestBody } from '../graph/parseRequestBody.ts';
import { readBodyLimited } from '../graph/readBodyLimited.ts';
import { callIdOf, newRecord, recordBody, sha256 } from './recordFromRequest.ts';
import { RecordWriter, type RequestRecord } from './requestRecord.ts';

/** Largest request body accepted by default, bytes (64 KiB; a real payload is ~600 B). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** How long an oversize request's connection stays open after the 413 so the client can read it, ms. */
const OVERSIZE_LINGER_MS = 200;
/** Default hold of a `timeout` fault, ms. */
const DEFAULT_TIMEOUT_HOLD_MS = 60_000;

export interface CallMetricsHandlerOptions {
  /** the page id the harness's calls belong to */
  pageId: string;
  /** the one valid access token */
  accessToken: string;
  /** JSONL file, append-only, one line per request, written before the answer; absent = kept in memory only */
  recordPath?: string;
  /** ms since the Unix epoch; default Date.now. Drives the submission window and record times */
  clock?: () => number;
  /** largest request body, bytes; default 64 KiB. Larger → 413 without reading the rest */
  maxBodyBytes?: number;
  /** fdatasync each record line before answering; default false (survives a process crash, not a power loss) */
  fsync?: boolean;
  /**
   * How far Graph's view of a call may lag its signaling, ms; default 0. A submission for a
   * call still in progress waits up to this long for the call's end before it is refused as
   * "in progress": a client whose page closes sends its hangup and its metrics together.
   */
  callStateLagMs?: number;
  /** the run seed, mixed into every call's fault draws with the plan's own seed; default 0 */
  seed?: number;
  /** how long after a call's end its metrics are accepted, ms; default 24 h (SUBMISSION_WINDOW_MS) */
  windowMs?: number;
  /** the calls Graph knows; default a fresh registry driven by registerCall/markCallEnded. The platform passes its own */
  calls?: CallRegistry;
}

/** What the harness reads and sets on call_metrics, whoever serves it (an Endpoint, the platform). */
export interface CallMetricsControls {
  /**
   * A call starts (as Graph knows from its own signaling): submissions get "call in progress".
   * `drawKey` (default the call id, which is random per run) is what the call's fault draws
   * derive from, with the run seed and the plan's seed; the first registration fixes it.
   */
  registerCall(callId: string, drawKey?: string): void;
  /** The call ended at `endedAtMs` (ms since the Unix epoch); registers it if needed. */
  markCallEnded(callId: string, endedAtMs: number): void;
  /** Replaces the active fault plan for following requests; throws listing every invalid field. */
  setFaults(plan: FaultPlan): void;
  /**
   * Every request whose body named `callId`, in the order their lines were written (the record's
   * order): when answered, so a request held by latency comes after a later one answered sooner.
   */
  requestsFor(callId: string): RequestRecord[];
  /**
   * How many requests naming `callId` arrived and are not on the record yet (held by latency,
   * being decided). A `timeout` request is on the record from the start.
   */
  inProgressFor(callId: string): number;
  /** Every request so far, in the order their lines were written. */
  allRequests(): RequestRecord[];
}

/** The request handler and what the harness reads and sets on it (Endpoint's surface, without the server). */
export interface CallMetricsHandler extends CallMetricsControls {
  /** Answers one request (a path that is not call_metrics gets Graph's unknown-path error). Never throws. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Cancels held requests' timers and closes the record (the server drops the connections). */
  close(): void;
}

export function createCallMetricsHandler(opts: CallMetricsHandlerOptions): CallMetricsHandler {
  const clock = opts.clock ?? Date.now;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const writer = opts.recordPath === undefined ? null : new RecordWriter(opts.recordPath, opts.fsync ?? false);
  let seq = writer?.lastSeqAtOpen ?? 0;
  const calls = opts.calls ?? new CallRegistry();
  let plan: FaultPlan = NO_FAULTS;
  let injector = new FaultInjector(plan, clock, opts.seed ?? 0);
  const all: RequestRecord[] = [];
  const byCall = new Map<string, RequestRecord[]>();
  /** requests whose body named a call and whose line is not written yet */
  const inProgress = new Set<RequestRecord>();
  const timers = new FaultTimers();
  let closed = false;

  const wait = (ms: number): Promise<void> => (ms > 0 ? new Promise((resolve) => timers.later(ms, resolve)) : Promise.resolve());

  /** Appends the record line; called before any answer leaves. */
  const keep = (record: RequestRecord, started: number, fallbackBody?: unknown): void => {
    if (closed) return;
    record.handlingMs = Math.round((performance.now() - started) * 1000) / 1000;
    writer?.append(record, fallbackBody);
    inProgress.delete(record);
    all.push(record);
    if (record.callId !== null) {
      const list = byCall.get(record.callId);
      if (list) list.push(record);
      else byCall.set(record.callId, [record]);
    }
  };

  /** Records, then answers (unless the client is gone: the record then has no respondedAtMs and status 0). */
  const answer = (
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
    started: number,
    status: number,
    response: unknown,
    headers: Record<string, string>,
    fallbackBody?: unknown,
  ): void => {
    const gone = req.socket.destroyed;
    if (!gone) record.respondedAtMs = clock();
    record.outcome.status = gone ? 0 : status;
    record.outcome.response = response;
    if (!keepOrRefuse(req, res, record, started, fallbackBody) || gone) return;
    const body = response === null ? '' : JSON.stringify(response);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body);
  };

  const answerError = (
    req: IncomingMessage,
    res: ServerResponse,
    record: RequestRecord,
    started: number,
    err: GraphError,
    extra: Record<string, string> = {},
    fallbackBody?: unknown,
  ): void => {
    const traceId = newTraceId();
    record.outcome.graphCode = err.error.code;
    if (err.error.error_subcode !== undefined) record.outcome.graphSubcode = err.error.error_subcode;
    const headers = { ...corsHeaders(req.headers), 'x-fb-trace-id': traceId, ...err.headers, ...extra };
    answer(req, res, record, started, err.status, errorEnvelope(err, traceId), headers, fallbackBody);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record = newRecord(++seq, clock(), req, url);
    const cors = corsHeaders(req.headers);
    if (req.method === 'OPTIONS') return answer(req, res, record, started, 204, null, { ...cors, ...preflightHeaders(req.headers) });
    const route = matchCallMetricsPath(url.pathname);
    if (!route) return answerError(req, res, record, started, graphErrors.unknownPath(url.pathname));
    if (req.method !== 'POST') return answerError(req, res, record, started, graphErrors.unsupportedMethod(req.method ?? ''));

    const read = await readBodyLimited(req, maxBody);
    record.bodyBytes = read.received;
    if (read.aborted) return void keepOrRefuse(req, null, record, started);
    if (read.tooLarge) {
      record.bodyTruncated = true;
      // Stop here: the rest of the body is never read; close once the client had a moment to read the 413.
      res.once('finish', () => timers.later(OVERSIZE_LINGER_MS, () => req.socket.destroy()));
      return answerError(req, res, record, started, graphErrors.bodyTooLarge(maxBody), { Connection: 'close' });
    }
    record.bodySha256 = sha256(read.bytes);
    const parsed = parseRequestBody(req.headers['content-type'], read.bytes);
    const kept = recordBody(parsed, read.bytes);
    record.body = kept.body;
    record.bodyTruncated = kept.truncated;
    record.callId = callIdOf(parsed);
    // Until its line is written the request is in progress: a page that went away may still be
    // waiting for the answer to an attempt, and its hand-off may be waiting too.
    if (record.callId !== null) inProgress.add(record);
    try {
      const fault = injector.decide(record.callId, record.seq, record.callId === null ? null : (calls.get(record.callId)?.drawKey ?? record.callId));
      if (fault.kind !== null) record.outcome.fault = fault.kind;
      if (fault.kind === 'timeout') {
        if (!keepOrRefuse(req, res, record, started, kept.rawStart)) return;
        // Hold without answering until the client gives up (its socket closes) or the hold ends.
        timers.holdSocket(req.socket, plan.timeoutHoldMs ?? DEFAULT_TIMEOUT_HOLD_MS);
        return;
      }
      const injected = injectedError(fault, plan);
      if (injected === null && fault.kind !== 'success_false' && fault.kind !== 'reset') {
        if (record.callId !== null) await calls.settle(record.callId, opts.callStateLagMs ?? 0);
        const verdict = decideSubmission(route.pageId, tokensOutsideBody(url.searchParams, req.headers.authorization), parsed, {
          expectedPageId: opts.pageId,
          accessToken: opts.accessToken,
          calls,
          nowMs: record.receivedAtMs,
          ...(opts.windowMs === undefined ? {} : { windowMs: opts.windowMs }),
        });
        record.token = verdict.token;
        record.tokenSource = verdict.tokenSource;
        if (verdict.error === null && record.callId !== null) {
          calls.markAccepted(record.callId, record.seq);
          record.outcome.accepted = true;
        }
        await wait(fault.latencyMs);
        if (fault.kind === 'drop_after_accept') return dropConnection(req, record, started, kept.rawStart, verdict.error);
        if (verdict.error) return answerError(req, res, record, started, verdict.error, {}, kept.rawStart);
        return answer(req, res, record, started, 200, { success: true }, { ...cors, 'x-fb-trace-id': newTraceId() }, kept.rawStart);
      }
      await wait(fault.latencyMs);
      if (fault.kind === 'reset') return dropConnection(req, record, started, kept.rawStart, null);
      if (injected) return answerError(req, res, record, started, injected, {}, kept.rawStart);
      return answer(req, res, record, started, 200, { success: false }, { ...cors, 'x-fb-trace-id': newTraceId() }, kept.rawStart);
    } finally {
      inProgress.delete(record);
    }
  };

  /**
   * Appends the record line; when it cannot be written (a full disk) nothing was stored: an
   * acceptance is taken back and the client is told to retry (503, transient), unrecorded.
   * Returns whether the line is on disk.
   */
  const keepOrRefuse = (req: IncomingMessage, res: ServerResponse | null, record: RequestRecord, started: number, fallbackBody?: unknown): boolean => {
    try {
      keep(record, started, fallbackBody);
      return true;
    } catch (error) {
      if (record.outcome.accepted && record.callId !== null) calls.unaccept(record.callId, record.seq);
      record.outcome.accepted = false;
      if (res && !res.headersSent && !req.socket.destroyed) {
        const err = graphErrors.serverError(503);
        res.writeHead(503, { 'Content-Type': 'application/json; charset=UTF-8', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(errorEnvelope(err, newTraceId())));
      } else if (!req.socket.destroyed) req.socket.resetAndDestroy();
      process.stderr.write(`call_metrics endpoint: cannot write its record ${opts.recordPath ?? '(memory)'}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; answered 503\n`);
      return false;
    }
  };

  /** Records what would have been answered, then resets the connection instead of answering. */
  const dropConnection = (req: IncomingMessage, record: RequestRecord, started: number, rawStart: string, err: GraphError | null): void => {
    record.respondedAtMs = clock();
    record.outcome.status = 0;
    record.outcome.response = record.outcome.accepted ? { success: true } : err ? errorEnvelope(err, 'not-sent') : null;
    if (err) record.outcome.graphCode = err.error.code;
    keepOrRefuse(req, null, record, started, rawStart);
    req.socket.resetAndDestroy();
  };

  return {
    handle(req, res) {
      handle(req, res).catch((error: unknown) => {
        // A bug here must still leave a line and an answer, never a hung client.
        const record = newRecord(++seq, clock(), req, new URL('/', 'http://127.0.0.1'));
        record.body = `internal error: ${String(error)}`;
        try {
          if (!res.headersSent) answerError(req, res, record, performance.now(), graphErrors.serverError(500));
        } catch {
          // nothing more to say: the client sees its connection end
          if (!req.socket.destroyed) req.socket.resetAndDestroy();
        }
      });
    },
    registerCall: (callId, drawKey) => calls.register(callId, drawKey),
    markCallEnded: (callId, endedAtMs) => calls.markEnded(callId, endedAtMs),
    setFaults(next) {
      const checked = parseFaultPlan(next);
      if (!checked.ok) throw new Error(`invalid fault plan:\n  ${checked.errors.join('\n  ')}`);
      plan = checked.plan;
      injector = new FaultInjector(plan, clock, opts.seed ?? 0);
    },
    requestsFor: (callId) => [...(byCall.get(callId) ?? [])],
    inProgressFor: (callId) => [...inProgress].filter((r) => r.callId === callId).length,
    allRequests: () => [...all],
    close() {
      if (closed) return;
      closed = true;
      timers.clear();
      writer?.close();
    },
  };
}

/** The Graph error an injected fault answers with; null when the fault is not an error answer. */
function injectedError(fault: FaultDecision, plan: FaultPlan): GraphError | null {
  if (fault.kind === '5xx') return graphErrors.serverError(plan.serverErrorStatus ?? 500);
  if (fault.kind === 'permission') return graphErrors.permissionDenied();
  if (fault.kind === 'invalid_parameter') return graphErrors.invalidPayload(['(injected) the payload was refused as invalid'], 'an injected fault');
  if (fault.throttleCode !== undefined) return graphErrors.throttled(fault.throttleCode, fault.throttleStatus);
  return null;
}
