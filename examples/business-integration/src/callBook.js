/**
 * Every call this integration knows, and what happens to it: ringing on a connect webhook,
 * answering (the console's complete offer → `/calls accept` → the platform's answer and Meta's
 * renegotiation offer applied), the end (a terminate webhook, or this side's own reject or
 * terminate), and after the end: the final getStats, the transform, ONE submission.
 *
 * A call this side places (business-initiated) asks for call permission first when it has
 * none, connects with the console's complete offer, and is connected once the consumer picked
 * up and the edge's media_update offer was applied; from then on it is like any other call.
 *
 * Events may come in any order: a terminate before its connect (the connect is then ignored),
 * a terminate while the accept is in flight, a terminate for a call never seen, a call_status
 * "ringing" after "accepted", webhooks of a placed call before its connect was answered.
 */
import { hasBug } from './bugs.js';
import { log } from './log.js';
import { transformStats } from './transformStats.js';
import { submitMetrics } from './submitMetrics.js';
import { BUSINESS_HANGUP, DECLINED, graphFailure, reasonForTerminate, webrtcFailure } from './endReasons.js';
import { PermissionWaits, hasPermission } from './permissionWaits.js';

/** how long to wait for the platform's terminate webhook after our own terminate was refused, ms */
const WAIT_FOR_TERMINATE_MS = 10_000;
/** ended calls remembered (so late or repeated webhooks about them are ignored) */
const MAX_CALLS = 10_000;
/** how long a placed call waits for the consumer's reply to the call permission request, ms */
const PERMISSION_WAIT_MS = 30_000;
/** webhooks kept for calls whose connect is still in flight (they may overtake its answer) */
const MAX_EARLY_EVENTS = 100;

/**
 * @typedef {'ringing' | 'answering' | 'calling' | 'connected' | 'ending' | 'ended'} CallState
 * `calling`: a call this side placed, connected on the platform, not yet picked up
 *
 * @typedef {object} Call
 * @property {string} id
 * @property {string | null} psid the consumer, from the connect webhook's `from` (or whom this side called)
 * @property {'user_initiated' | 'business_initiated'} direction who called
 * @property {CallState} state
 * @property {number} ringingSinceMs when the connect webhook arrived (a placed call: when its connect was answered), ms since the epoch
 * @property {import('./mediaSession.js').MediaSession | null} session the console's side of the call, once answering
 * @property {number} mediaVersion the highest media_update version applied
 * @property {{ atMs: number, status: string } | null} terminateWebhook a terminate that arrived while our own end was in flight
 * @property {boolean} submitted the metrics were handed to the submitter
 */

/** A test hook that cannot be done: `status` is the HTTP answer (404 unknown call, 409 wrong state). */
export class HookError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * The SDP text of a session field in either documented form: `{sdp_type, sdp}` or a bare string.
 * @param {unknown} field
 * @returns {string | undefined}
 */
function sdpOf(field) {
  if (typeof field === 'string' && field !== '') return field;
  if (field && typeof field === 'object' && typeof (/** @type {any} */ (field).sdp) === 'string') return /** @type {any} */ (field).sdp;
  return undefined;
}

/** A set that forgets its oldest member beyond `max`. */
class BoundedSet extends Set {
  /** @param {number} max */
  constructor(max) {
    super();
    this.max = max;
  }

  /** @param {unknown} value */
  add(value) {
    super.add(value);
    if (this.size > this.max) this.delete(this.values().next().value);
    return this;
  }
}

export class CallBook {
  /** @type {Map<string, Call>} */
  #calls = new Map();
  /** calls whose terminate came before any connect (bounded like #calls) */
  #endedUnseen = new BoundedSet(MAX_CALLS);
  #graph;
  #console;
  #autoAnswer;
  #permissions = new PermissionWaits();
  /** connects of placed calls not yet answered and set up */
  #placing = 0;
  /** webhooks about unknown calls that came while a connect was in flight, by call id */
  /** @type {Map<string, { event: Record<string, any>, receivedAtMs: number }[]>} */
  #early = new Map();

  /**
   * @param {{ graph: import('./graphClient.js').GraphClient, mediaConsole: import('./mediaSession.js').MediaConsole, autoAnswer: boolean }} parts
   */
  constructor(parts) {
    this.#graph = parts.graph;
    this.#console = parts.mediaConsole;
    this.#autoAnswer = parts.autoAnswer;
  }

  /**
   * One `calls[]` webhook event (signature checked, duplicates dropped).
   * @param {Record<string, any>} event
   * @param {number} receivedAtMs when its delivery arrived
   */
  onCallEvent(event, receivedAtMs) {
    const call = this.#calls.get(event.id);
    // a placed call's webhooks may overtake the answer to its connect: kept until it is known
    if (!call && this.#placing > 0 && event.call_direction !== 'business_initiated' && event.event !== 'connect') {
      const kept = this.#early.get(event.id) ?? [];
      if (kept.length === 0 && this.#early.size >= MAX_EARLY_EVENTS) this.#early.delete(/** @type {string} */ (this.#early.keys().next().value));
      kept.push({ event, receivedAtMs });
      this.#early.set(event.id, kept.slice(-MAX_EARLY_EVENTS));
      return;
    }
    switch (event.event) {
      case 'connect':
        // the connect webhook of a call this side placed says nothing the connect answer did not
        if (event.call_direction === 'business_initiated') return;
        if (call || this.#endedUnseen.has(event.id)) return log('call.ignored', { call: event.id, event: 'connect', state: call?.state ?? 'ended' });
        this.#add({ id: event.id, psid: event.from ?? null, direction: 'user_initiated', state: 'ringing', ringingSinceMs: receivedAtMs, session: null, mediaVersion: 0, terminateWebhook: null, submitted: false });
        log('call.ringing', { call: event.id, from: event.from });
        if (this.#autoAnswer) this.answer(event.id).catch((error) => log('call.answer_failed', { call: event.id, error: error.message }));
        return;
      case 'terminate': {
        const status = String(event.status ?? '');
        if (!call) {
          // Never rang here (or its connect is still on its way): nothing to end or report; a late connect is ignored.
          this.#endedUnseen.add(event.id);
          return log('call.ignored', { call: event.id, event: 'terminate', note: 'unknown call' });
        }
        if (call.state === 'ending') {
          call.terminateWebhook = { atMs: receivedAtMs, status };
          return;
        }
        if (call.state === 'ended') return;
        const why = reasonForTerminate(call.state, status, receivedAtMs - call.ringingSinceMs);
        log('call.terminated', { call: call.id, status, by: 'platform' });
        void this.#finish(call, why, receivedAtMs);
        return;
      }
      case 'call_status': {
        // "ringing" may arrive after "accepted" (order is not guaranteed): it never takes a call back
        if (!call || call.direction !== 'business_initiated') return;
        log('call.status', { call: call.id, status: event.call_status, state: call.state, late: (event.call_status === 'ringing' && call.state !== 'calling') || undefined });
        return;
      }
      case 'media_update': {
        const version = Number(event.session?.version ?? 0);
        const sdp = sdpOf(event.session?.sdp_renegotiation);
        const pickedUp = call?.state === 'calling';
        if (!call || !(call.state === 'connected' || pickedUp) || !call.session || !sdp || version <= call.mediaVersion) return;
        call.mediaVersion = version;
        // a placed call: the consumer picked up, and the edge's offer carries the media from now on
        if (pickedUp) call.state = 'connected';
        call.session
          .applyOffer(sdp)
          .then(() => pickedUp && log('call.connected', { call: call.id, direction: call.direction }))
          .catch((error) => this.#endByRequest(call, 'terminate', webrtcFailure('setRemoteDescription(media_update offer)', error.message)));
        return;
      }
      default:
        return;
    }
  }

  /** @param {Call} call */
  #add(call) {
    this.#calls.set(call.id, call);
    if (this.#calls.size > MAX_CALLS) {
      for (const [id, old] of this.#calls) {
        if (old.state === 'ended') {
          this.#calls.delete(id);
          break;
        }
      }
    }
  }

  /** @param {string} callId @returns {Call} */
  #known(callId) {
    const call = this.#calls.get(callId);
    if (!call) throw new HookError(404, `no call ${callId}`);
    return call;
  }

  /**
   * Answers a ringing call. Resolves when the platform's answer is applied.
   * @param {string} callId
   */
  async answer(callId) {
    const call = this.#known(callId);
    if (call.state !== 'ringing') throw new HookError(409, `call ${callId} is ${call.state}, not ringing`);
    // a console that cannot take the call now leaves it ringing (the agent may still answer it)
    await this.#console.ready?.();
    if (call.state !== 'ringing') throw new HookError(409, `call ${callId} is ${call.state}, not ringing`);
    call.state = 'answering';
    const session = this.#console.open(call.id);
    call.session = session;
    let sdp;
    try {
      sdp = await session.offer();
    } catch (error) {
      if (call.state === 'answering') await this.#endByRequest(call, 'reject', webrtcFailure('createOffer', /** @type {Error} */ (error).message));
      throw new HookError(409, `call ${callId} ended: no offer`);
    }
    if (call.state !== 'answering') throw new HookError(409, `call ${callId} ended while answering`);
    log('accept.sent', { call: call.id });
    let answer;
    try {
      answer = await this.#graph.calls({ call_id: call.id, action: 'accept', session: { sdp_type: 'offer', sdp } });
    } catch (error) {
      const e = /** @type {import('./graphClient.js').GraphError} */ (error);
      log('accept.failed', { call: call.id, status: e.status, error: e.message });
      // "Cannot accept a failed or terminated call": the consumer hung up meanwhile; its terminate webhook ends the call.
      if (call.state === 'answering' && !/cannot accept/i.test(e.message)) {
        // refused: never accepted, so reject; no answer at all: it may have been accepted, so terminate
        await this.#endByRequest(call, e.kind === 'graph' ? 'reject' : 'terminate', graphFailure('accept', e.message));
      }
      throw new HookError(409, `call ${callId}: accept failed: ${e.message}`);
    }
    if (call.state !== 'answering') throw new HookError(409, `call ${callId} ended while answering`);
    const answerSdp = sdpOf(answer.body?.session?.sdp_response);
    const renegotiation = sdpOf(answer.body?.session?.sdp_renegotiation);
    log('accept.answered', { call: call.id, renegotiation: renegotiation !== undefined });
    if (!answerSdp) {
      await this.#endByRequest(call, 'terminate', { reason: 'Client_Error', subreason: 'the accept answer has no session.sdp_response' });
      throw new HookError(409, `call ${callId}: the accept answer has no SDP`);
    }
    try {
      // ignore-renegotiation: Meta's offer is dropped, so the audio it moves to a new m-line never arrives
      await session.applyAnswer(answerSdp, hasBug('ignore-renegotiation') ? undefined : renegotiation);
    } catch (error) {
      if (call.state === 'answering') await this.#endByRequest(call, 'terminate', webrtcFailure('setRemoteDescription', /** @type {Error} */ (error).message));
      throw new HookError(409, `call ${callId}: the answer could not be applied`);
    }
    if (call.state !== 'answering') throw new HookError(409, `call ${callId} ended while answering`);
    call.state = 'connected';
    log('call.connected', { call: call.id });
  }

  /**
   * A `call_permission_reply` webhook (entry or messaging item).
   * @param {Record<string, any>} reply
   */
  onPermissionReply(reply) {
    if (!this.#permissions.settle(reply)) log('permission.reply_ignored', { psid: reply.sender?.id, note: 'no request waiting' });
  }

  /**
   * Calls consumer `psid`. Without call permission it first sends the calling_optin request and
   * connects when the consumer approves (the reply webhook, within PERMISSION_WAIT_MS). Resolves
   * once the call is on its way: the permission request was sent, or the connect was answered.
   * @param {string} psid
   * @returns {Promise<{ state: 'asking-permission' } | { state: 'calling', callId: string }>}
   */
  async placeCall(psid) {
    if (!psid) throw new HookError(400, 'placeCall needs the consumer\'s psid');
    let permitted;
    try {
      permitted = hasPermission((await this.#graph.permission(psid)).body);
    } catch (error) {
      throw new HookError(502, `call permission of ${psid}: ${/** @type {Error} */ (error).message}`);
    }
    if (permitted) return { state: 'calling', callId: await this.#connect(psid) };
    const reply = this.#permissions.wait(psid, PERMISSION_WAIT_MS);
    try {
      await this.#graph.askPermission(psid);
    } catch (error) {
      this.#permissions.settle({ sender: { id: psid }, call_permission_reply: { response: 'reject' } });
      throw new HookError(502, `call permission request to ${psid}: ${/** @type {Error} */ (error).message}`);
    }
    log('permission.requested', { psid });
    void reply.then(async (approved) => {
      if (approved !== true) return log('call.not_placed', { psid, reason: approved === false ? 'the consumer declined the call permission request' : `no reply to the call permission request within ${PERMISSION_WAIT_MS / 1000} s` });
      log('permission.approved', { psid });
      await this.#connect(psid).catch((/** @type {Error} */ error) => log('call.not_placed', { psid, reason: error.message }));
    });
    return { state: 'asking-permission' };
  }

  /**
   * `/calls connect` with the console's complete offer, and the platform's answer applied.
   * @param {string} psid
   * @returns {Promise<string>} the call id
   */
  async #connect(psid) {
    await this.#console.ready?.();
    this.#placing += 1;
    /** @type {Call | undefined} */
    let call;
    try {
      // the console keys sessions by call id, which only the connect answer gives: a provisional one until then
      const session = this.#console.open(`placing-${psid}-${Date.now()}`);
      let sdp;
      try {
        sdp = await session.offer();
      } catch (error) {
        session.close();
        throw new HookError(409, `call to ${psid}: no offer: ${/** @type {Error} */ (error).message}`);
      }
      log('connect.sent', { psid });
      let answer;
      try {
        answer = await this.#graph.calls({ to: psid, action: 'connect', session: { sdp_type: 'offer', sdp } });
      } catch (error) {
        session.close();
        log('connect.failed', { psid, error: /** @type {Error} */ (error).message });
        throw new HookError(409, `call to ${psid}: connect failed: ${/** @type {Error} */ (error).message}`);
      }
      const id = String(answer.body?.id ?? answer.body?.call_id ?? '');
      if (!id) {
        session.close();
        throw new HookError(502, `call to ${psid}: the connect answer has no call id`);
      }
      call = { id, psid, direction: 'business_initiated', state: 'calling', ringingSinceMs: answer.answeredAtMs, session, mediaVersion: 0, terminateWebhook: null, submitted: false };
      const answerSdp = sdpOf(answer.body?.session?.sdp_response);
      try {
        if (!answerSdp) throw new Error('the connect answer has no session.sdp_response');
        await session.applyAnswer(answerSdp);
      } catch (error) {
        // connected on the platform but not here: end it there too
        this.#add(call);
        await this.#endByRequest(call, 'terminate', webrtcFailure('setRemoteDescription(connect answer)', /** @type {Error} */ (error).message));
        throw new HookError(409, `call ${id}: the connect answer could not be applied`);
      }
      // known only now, so a media_update cannot race the answer being applied (it waits in #early)
      this.#add(call);
      log('call.calling', { call: id, to: psid });
      return id;
    } finally {
      this.#placing -= 1;
      // what overtook the answer happens now, in arrival order
      const early = call ? (this.#early.get(call.id) ?? []) : [];
      if (call) this.#early.delete(call.id);
      // with no connect in flight, what waited for other calls is handled as it would have been
      if (this.#placing === 0) {
        early.push(...[...this.#early.values()].flat());
        this.#early.clear();
      }
      for (const { event, receivedAtMs } of early) this.onCallEvent(event, receivedAtMs);
    }
  }

  /** Declines a ringing call (`reject`). @param {string} callId */
  async decline(callId) {
    const call = this.#known(callId);
    if (call.state !== 'ringing') throw new HookError(409, `call ${callId} is ${call.state}, not ringing`);
    await this.#endByRequest(call, 'reject', DECLINED);
  }

  /** Hangs up a connected call (`terminate`). @param {string} callId */
  async hangUp(callId) {
    const clickAtMs = Date.now();
    const call = this.#known(callId);
    if (call.state !== 'connected') throw new HookError(409, `call ${callId} is ${call.state}, not connected`);
    await this.#endByRequest(call, 'terminate', BUSINESS_HANGUP, clickAtMs);
  }

  /** @param {string} callId @param {boolean} muted */
  async setMuted(callId, muted) {
    const call = this.#known(callId);
    if (call.state !== 'connected' || !call.session) throw new HookError(409, `call ${callId} is ${call.state}, not connected`);
    await call.session.setMuted(muted);
    log(muted ? 'call.muted' : 'call.unmuted', { call: call.id });
  }

  /**
   * Ends the call from this side: reject or terminate, and the call ended when the success
   * answer arrived (call_ended_time). Resolves once that answer is in.
   * @param {Call} call
   * @param {'reject' | 'terminate'} action
   * @param {{ reason: string, subreason: string }} why
   * @param {number} [clickAtMs] when the agent asked for it
   */
  async #endByRequest(call, action, why, clickAtMs = Date.now()) {
    const before = call.state;
    call.state = 'ending';
    if (action === 'terminate' && hasBug('metrics-before-terminate')) {
      // the report goes first and the terminate right behind it, without waiting for the report's answer
      const { stats, firstAudioAtMs } = call.session ? await call.session.finish() : { stats: [], firstAudioAtMs: null };
      const payload = transformStats(stats, { callId: call.id, ...why, endedAtMs: Date.now(), firstAudioAtMs });
      call.state = 'ended';
      void this.#submitOnce(call, payload);
      log(`${action}.sent`, { call: call.id });
      const answer = await this.#graph.calls({ call_id: call.id, action }).catch((/** @type {Error} */ e) => log(`${action}.failed`, { call: call.id, error: e.message }));
      if (answer) log(`${action}.answered`, { call: call.id, status: 200 });
      return;
    }
    log(`${action}.sent`, { call: call.id });
    let answeredAtMs;
    try {
      ({ answeredAtMs } = await this.#graph.calls({ call_id: call.id, action }));
    } catch (error) {
      const e = /** @type {import('./graphClient.js').GraphError} */ (error);
      log(`${action}.failed`, { call: call.id, status: e.status, error: e.message });
      // Refused, most likely because the call already ended on the platform: its terminate webhook says how.
      const webhook = call.terminateWebhook ?? (await this.#waitForTerminate(call));
      if (webhook) {
        const state = before === 'ending' || before === 'ended' ? 'connected' : before;
        void this.#finish(call, reasonForTerminate(state, webhook.status, webhook.atMs - call.ringingSinceMs), webhook.atMs);
      } else {
        void this.#finish(call, graphFailure(action, e.message), Date.now());
      }
      return;
    }
    log(`${action}.answered`, { call: call.id, status: 200 });
    // ended-at-click: the time of the agent's click, not of the platform's success answer
    void this.#finish(call, why, hasBug('ended-at-click') ? clickAtMs : answeredAtMs);
  }

  /**
   * @param {Call} call
   * @returns {Promise<{ atMs: number, status: string } | null>}
   */
  async #waitForTerminate(call) {
    const until = Date.now() + WAIT_FOR_TERMINATE_MS;
    while (!call.terminateWebhook && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    return call.terminateWebhook;
  }

  /**
   * After the end: the final getStats (before closing), the payload, one submission.
   * @param {Call} call
   * @param {{ reason: string, subreason: string }} why
   * @param {number} endedAtMs when this side learned of the end
   */
  async #finish(call, why, endedAtMs) {
    if (call.state === 'ended') return;
    call.state = 'ended';
    const { stats, firstAudioAtMs } = call.session ? await call.session.finish().catch(() => ({ stats: [], firstAudioAtMs: null })) : { stats: [], firstAudioAtMs: null };
    const payload = transformStats(stats, { callId: call.id, ...why, endedAtMs, firstAudioAtMs });
    log('call.ended', { call: call.id, reason: why.reason, ended: payload.call_ended_time, packets: payload.audio_stats.packets_received });
    await this.#submitOnce(call, payload);
    await this.#cleanUp(call, payload);
  }

  /**
   * @param {Call} call
   * @param {Record<string, any>} payload
   */
  async #submitOnce(call, payload) {
    if (call.submitted) return;
    call.submitted = true;
    await submitMetrics(this.#graph, payload);
  }

  /**
   * What is left of a finished call: its media session.
   * @param {Call} call
   * @param {Record<string, any>} payload
   */
  async #cleanUp(call, payload) {
    call.session?.close();
    // double-submit: the cleanup "makes sure the report went out", bypassing the once-only guard
    if (hasBug('double-submit')) await submitMetrics(this.#graph, payload);
  }

  /**
   * The calls an agent's screen lists: every call not ended, then the most recent ended ones.
   * @param {number} [maxEnded] ended calls included, newest first; default 20
   * @returns {{ id: string, psid: string | null, state: CallState }[]}
   */
  list(maxEnded = 20) {
    const all = [...this.#calls.values()];
    const live = all.filter((c) => c.state !== 'ended');
    const ended = all.filter((c) => c.state === 'ended').slice(-maxEnded).reverse();
    return [...live, ...ended].map((c) => ({ id: c.id, psid: c.psid, state: c.state }));
  }

  /** Closes every call's media (shutdown); nothing is submitted. */
  async close() {
    this.#permissions.cancelAll();
    await this.#console.close();
  }
}
