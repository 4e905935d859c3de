/**
 * The platform's view of every call of one Page, as a pure state machine: each operation takes
 * the time (`nowMs`, ms since the Unix epoch; the caller's clock) and returns either the `calls`
 * webhook events it causes or the documented error. No timers here: `expire(nowMs)` ends the
 * calls whose accept/ring deadline has passed, and the server calls it when its timer fires.
 *
 * States: `offered` (consumer called, the business has not accepted), `ringing` (the business
 * called, the consumer has not picked up), `connected`, `ended`. Every ending emits exactly one
 * terminate event; how the call ended is kept (`endedBy`) because the error texts depend on it.
 */
import type { PlatformErrorKey } from './platformErrors.ts';

export type CallDirection = 'user_initiated' | 'business_initiated';
export type CallPhase = 'offered' | 'ringing' | 'connected' | 'ended';
export type EndedBy = 'business_reject' | 'business_terminate' | 'consumer_hangup' | 'consumer_decline' | 'timeout' | 'failure';
/** How a terminate event writes the duration of a call that never connected ([?] in the docs). */
export type EmptyDuration = 'omit' | 'null' | 'zero';

export interface CallRecord {
  id: string;
  direction: CallDirection;
  psid: string;
  /** the app that owns the call (the one that accepted or placed it) */
  ownerAppId: string;
  phase: CallPhase;
  createdAtMs: number;
  /** when the business connected (accept) or the consumer picked up; null if never */
  connectedAtMs: number | null;
  endedAtMs: number | null;
  endedBy: EndedBy | null;
  /** accept/ring deadline, ms since the epoch; null once connected or ended */
  deadlineMs: number | null;
  /** media version: +1 per business offer and per media_update webhook (starts at 0) */
  mediaVersion: number;
}

/** One item of a `calls` webhook's `calls[]`. Times are integer Unix seconds. */
export type CallEvent =
  | { id: string; to: string; from?: string; event: 'connect'; timestamp: number; call_direction: CallDirection }
  | { id: string; event: 'terminate'; timestamp: number; status: 'Completed' | 'Failed'; start_time: number; end_time: number; duration?: number | null }
  | { id: string; event: 'call_status'; timestamp: number; recipient_id: string; call_status: 'ringing' | 'accepted' }
  | { id: string; event: 'media_update'; timestamp: number; session: { version: number; sdp_renegotiation: { sdp_type: 'offer'; sdp: string } } };

/** How the harness places one consumer call. */
export interface ConsumerCallOptions {
  /** the call's id, chosen by the harness (it makes relay credentials with it first); default a new platform id */
  callId?: string;
  /** the connect webhook omits `from`: the consumer's identity is not shown to the business (an emulation choice); default false */
  callerHidden?: boolean;
  /** this call's accept deadline, ms; default the platform's acceptTimeoutMs */
  acceptTimeoutMs?: number;
}

export type Step = { ok: true; call: CallRecord; events: CallEvent[] } | { ok: false; error: PlatformErrorKey };

export interface CallStateOptions {
  pageId: string;
  /** how long a consumer call waits for accept, and a business call for pick-up, ms; default 60 000 [D for accept] */
  acceptTimeoutMs?: number;
  /** see EmptyDuration; default 'omit' */
  emptyDuration?: EmptyDuration;
  /** makes call ids; default `c_<n>` counting from 1 */
  newCallId?: () => string;
}

export const DEFAULT_ACCEPT_TIMEOUT_MS = 60_000;

const sec = (ms: number) => Math.floor(ms / 1000);

export class CallStateMachine {
  readonly #calls = new Map<string, CallRecord>();
  readonly #pageId: string;
  readonly #timeoutMs: number;
  readonly #emptyDuration: EmptyDuration;
  readonly #newId: () => string;
  #count = 0;

  constructor(opts: CallStateOptions) {
    this.#pageId = opts.pageId;
    this.#timeoutMs = opts.acceptTimeoutMs ?? DEFAULT_ACCEPT_TIMEOUT_MS;
    this.#emptyDuration = opts.emptyDuration ?? 'omit';
    this.#newId = opts.newCallId ?? (() => `c_${++this.#count}`);
  }

  get(callId: string): CallRecord | undefined {
    return this.#calls.get(callId);
  }

  all(): CallRecord[] {
    return [...this.#calls.values()];
  }

  /** The earliest pending deadline, ms since the epoch; null when none. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const c of this.#calls.values()) if (c.deadlineMs !== null && (next === null || c.deadlineMs < next)) next = c.deadlineMs;
    return next;
  }

  /** The consumer calls the Page: a connect webhook; the call belongs to `ownerAppId` (the Page's calling app). */
  consumerCalls(psid: string, ownerAppId: string, nowMs: number, opts: ConsumerCallOptions = {}): Step {
    if (opts.callId !== undefined && this.#calls.has(opts.callId)) return { ok: false, error: 'callIdInUse' };
    const call = this.#create('user_initiated', psid, ownerAppId, nowMs, opts.callId, opts.acceptTimeoutMs);
    const event: CallEvent = { id: call.id, to: this.#pageId, from: psid, event: 'connect', timestamp: sec(nowMs), call_direction: 'user_initiated' };
    if (opts.callerHidden) delete event.from;
    return { ok: true, call, events: [event] };
  }

  /** The business calls the consumer (permission is the caller's check): connect and ringing. */
  /** @param callId the id the harness gave this call beforehand (ConsumerSide.expectConnect); default a new one */
  businessCalls(psid: string, appId: string, nowMs: number, callId?: string): Step {
    if (callId !== undefined && this.#calls.has(callId)) return { ok: false, error: 'callIdInUse' };
    const call = this.#create('business_initiated', psid, appId, nowMs, callId);
    const t = sec(nowMs);
    return {
      ok: true,
      call,
      events: [
        { id: call.id, to: psid, from: this.#pageId, event: 'connect', timestamp: t, call_direction: 'business_initiated' },
        { id: call.id, event: 'call_status', timestamp: t, recipient_id: psid, call_status: 'ringing' },
      ],
    };
  }

  accept(callId: string, appId: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.ownerAppId !== appId) return { ok: false, error: 'notCallOwner' };
    if (call.direction !== 'user_initiated') return { ok: false, error: 'wrongDirection' };
    if (call.phase === 'connected') return { ok: false, error: 'callAlreadyAccepted' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotAcceptEnded' };
    call.phase = 'connected';
    call.connectedAtMs = nowMs;
    call.deadlineMs = null;
    return { ok: true, call, events: [] };
  }

  reject(callId: string, appId: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.ownerAppId !== appId) return { ok: false, error: 'notCallOwner' };
    if (call.direction !== 'user_initiated') return { ok: false, error: 'wrongDirection' };
    if (call.phase === 'ended') return { ok: false, error: call.endedBy === 'business_reject' ? 'callAlreadyRejected' : 'cannotRejectEnded' };
    if (call.phase === 'connected') return { ok: false, error: 'callAlreadyAccepted' };
    return this.#end(call, 'business_reject', 'Completed', nowMs);
  }

  terminate(callId: string, appId: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.ownerAppId !== appId) return { ok: false, error: 'notCallOwner' };
    if (call.phase === 'ended') return { ok: false, error: call.endedBy === 'business_terminate' ? 'callAlreadyTerminated' : 'cannotTerminateEnded' };
    return this.#end(call, 'business_terminate', 'Completed', nowMs);
  }

  /**
   * The business offers new media (`media_update` request): the version must be the current
   * one (`fromVersion`) and move by one (`toVersion`), or the clash is reported.
   */
  businessMediaUpdate(callId: string, appId: string, fromVersion: number, toVersion: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.ownerAppId !== appId) return { ok: false, error: 'notCallOwner' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotUpdateTerminated' };
    if (call.phase !== 'connected') return { ok: false, error: 'mediaNotConnected' };
    if (fromVersion !== call.mediaVersion || toVersion !== fromVersion + 1) return { ok: false, error: 'mediaVersionConflict' };
    call.mediaVersion = toVersion;
    return { ok: true, call, events: [] };
  }

  /** The consumer picks up a business call: accepted, then a media_update carrying `renegotiationSdp`. */
  consumerPicksUp(callId: string, renegotiationSdp: string, nowMs: number): Step {
    const call = this.#live(callId, 'business_initiated');
    if (!call.ok) return call;
    if (call.call.phase !== 'ringing') return { ok: false, error: 'callAlreadyAccepted' };
    const c = call.call;
    c.phase = 'connected';
    c.connectedAtMs = nowMs;
    c.deadlineMs = null;
    c.mediaVersion += 1;
    const t = sec(nowMs);
    return {
      ok: true,
      call: c,
      events: [
        { id: c.id, event: 'call_status', timestamp: t, recipient_id: c.psid, call_status: 'accepted' },
        { id: c.id, event: 'media_update', timestamp: t, session: { version: c.mediaVersion, sdp_renegotiation: { sdp_type: 'offer', sdp: renegotiationSdp } } },
      ],
    };
  }

  /** The consumer changes media (mute, video) on a connected call: a media_update webhook. */
  consumerMediaUpdate(callId: string, sdp: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotUpdateTerminated' };
    if (call.phase !== 'connected') return { ok: false, error: 'mediaNotConnected' };
    call.mediaVersion += 1;
    return { ok: true, call, events: [{ id: call.id, event: 'media_update', timestamp: sec(nowMs), session: { version: call.mediaVersion, sdp_renegotiation: { sdp_type: 'offer', sdp } } }] };
  }

  /** The consumer declines a ringing business call: terminate, Completed, no duration [D]. */
  consumerDeclines(callId: string, nowMs: number): Step {
    const call = this.#live(callId, 'business_initiated');
    if (!call.ok) return call;
    if (call.call.phase !== 'ringing') return { ok: false, error: 'callAlreadyAccepted' };
    return this.#end(call.call, 'consumer_decline', 'Completed', nowMs);
  }

  /** The consumer hangs up (any live call). */
  consumerHangsUp(callId: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotTerminateEnded' };
    return this.#end(call, 'consumer_hangup', 'Completed', nowMs);
  }

  /** The call fails mid-connection (a scenario's fault): terminate, Failed. */
  fail(callId: string, nowMs: number): Step {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotTerminateEnded' };
    return this.#end(call, 'failure', 'Failed', nowMs);
  }

  /** Ends every call whose deadline is ≤ nowMs (not answered in time): terminate, Completed [I], no duration. */
  expire(nowMs: number): { call: CallRecord; events: CallEvent[] }[] {
    const out: { call: CallRecord; events: CallEvent[] }[] = [];
    for (const call of this.#calls.values()) {
      if (call.deadlineMs === null || call.deadlineMs > nowMs) continue;
      const step = this.#end(call, 'timeout', 'Completed', call.deadlineMs);
      if (step.ok) out.push({ call: step.call, events: step.events });
    }
    return out;
  }

  #live(callId: string, direction: CallDirection): { ok: true; call: CallRecord } | { ok: false; error: PlatformErrorKey } {
    const call = this.#calls.get(callId);
    if (!call) return { ok: false, error: 'invalidCallId' };
    if (call.direction !== direction) return { ok: false, error: 'wrongDirection' };
    if (call.phase === 'ended') return { ok: false, error: 'cannotAcceptEnded' };
    return { ok: true, call };
  }

  #create(direction: CallDirection, psid: string, ownerAppId: string, nowMs: number, callId?: string, timeoutMs?: number): CallRecord {
    const call: CallRecord = {
      id: callId ?? this.#newId(),
      direction,
      psid,
      ownerAppId,
      phase: direction === 'user_initiated' ? 'offered' : 'ringing',
      createdAtMs: nowMs,
      connectedAtMs: null,
      endedAtMs: null,
      endedBy: null,
      deadlineMs: nowMs + (timeoutMs ?? this.#timeoutMs),
      mediaVersion: 0,
    };
    this.#calls.set(call.id, call);
    return call;
  }

  /** The one place a call ends, so each ending emits exactly one terminate event. */
  #end(call: CallRecord, by: EndedBy, status: 'Completed' | 'Failed', nowMs: number): Step {
    if (call.phase === 'ended') return { ok: false, error: 'cannotTerminateEnded' };
    call.phase = 'ended';
    call.endedAtMs = nowMs;
    call.endedBy = by;
    call.deadlineMs = null;
    const event: CallEvent = { id: call.id, event: 'terminate', timestamp: sec(nowMs), status, start_time: sec(call.createdAtMs), end_time: sec(nowMs) };
    if (call.connectedAtMs !== null) event.duration = sec(nowMs - call.connectedAtMs);
    else if (this.#emptyDuration === 'null') event.duration = null;
    else if (this.#emptyDuration === 'zero') event.duration = 0;
    return { ok: true, call, events: [event] };
  }
}
