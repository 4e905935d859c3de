/**
 * The business's side of a call (runs in the page, the agent console): rings on a connect
 * webhook, accepts with its own complete offer and applies the platform's answer (and Meta's
 * renegotiation offer), or places a call; ends it through its server (reject, terminate) or on
 * a terminate webhook; and — whatever ends the call — decides the end reason from the one table
 * (endReasonTable.ts), snapshots getStats before closing, builds the payload and submits.
 * Everything it learns of the call comes through its server from webhooks and Graph answers.
 */
import { CallEndedError, SessionBase, type SessionHost } from './sessionBase.ts';
import { decideEndReason, type EndEvent } from './endReasonTable.ts';
import { buildPayload, type PageTransform } from './buildPayload.ts';
import type { SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import { mulberry32 } from '../random/mulberry32.ts';
import type { EndInfo } from './agentProtocol.ts';
import { callContextFrom } from '../contract/compareTransforms.ts';
import type { StatsReportLike } from '../contract/transforms/transformTypes.ts';
import type { BusinessDown, RequestFailure } from '../signaling/signalTypes.ts';

/** Graph's subcode for "Cannot accept a failed or terminated call" (harness/platform/platformErrors.ts). */
const CANNOT_ACCEPT_ENDED = 9810021;
/** Graph's subcode for "Consumer has not given permission to call". */
const NO_CALL_PERMISSION = 9810030;

/** How early a terminate of a ringing call may come and still be the platform's accept window running out, ms. */
const ACCEPT_WINDOW_SLACK_MS = 1_000;

type Incoming = Extract<BusinessDown, { type: 'incoming-call' }>;
type Ending = { action: 'reject' | 'terminate' } | { endedAtMs: number };

export class BusinessSession extends SessionBase {
  /** the caller's PSID from the connect webhook (null: none visible); the callee's on a call the business placed */
  from: string | null = null;
  private lastProgress = { packets: 0, atMs: Date.now() };
  /** an end is under way (its reject or terminate may still be waiting for its answer) */
  private closing = false;
  /** requests to the business's server waiting for their answer, by action */
  private readonly waiting = new Map<string, (answer: { atMs: number } | RequestFailure) => void>();

  constructor(
    host: SessionHost,
    callId: string,
    private readonly transform: PageTransform | { error: string },
    private readonly submitter: SubmitCallMetrics | { error: string },
  ) {
    super(host, callId);
  }

  /** A connect webhook for this call arrived: ring (the agent already ruled out busy and full). */
  ring(incoming: Incoming): void {
    const { behaviour } = this.host.config;
    this.from = incoming.from;
    this.callStartMs = incoming.receivedAtMs;
    this.state = 'ringing';
    if (incoming.version !== null && !behaviour.supportedVersions.includes(incoming.version)) {
      void this.endWith({ kind: 'version-unsupported', offered: incoming.version, supported: behaviour.supportedVersions }, { action: 'reject' });
    } else if (incoming.from === null) {
      void this.endWith({ kind: 'caller-not-visible' }, { action: 'reject' });
    } else if (behaviour.ringMuted) {
      void this.endWith({ kind: 'ring-muted' }, { action: 'reject' });
    } else {
      void this.host.emit({ type: 'ringing', callId: this.callId, atMs: Date.now() });
      this.setTimer('incoming', behaviour.incomingTimeoutMs, () => void this.endWith({ kind: 'incoming-timeout', afterMs: behaviour.incomingTimeoutMs }, { action: 'reject' }));
    }
  }

  /** Accept: microphone (and camera for a video call), a complete offer, then the platform's answer. */
  async accept(): Promise<void> {
    if (this.state !== 'ringing') throw new Error(`accept: the call is ${this.state}, not ringing`);
    this.state = 'accepting';
    this.clearTimer('incoming');
    const sdp = await this.localOffer();
    if (sdp === undefined) return;
    this.armRequestTimer('accept');
    await this.signal({ type: 'accept', sdp });
  }

  /** A business-initiated call to `psid` (needs the consumer's permission): connect with a complete offer. */
  async placeCall(psid: string): Promise<void> {
    this.from = psid;
    this.state = 'accepting';
    this.callStartMs = Date.now();
    const sdp = await this.localOffer();
    if (sdp === undefined) return;
    this.armRequestTimer('connect');
    await this.signal({ type: 'connect', to: psid, sdp, askPermission: this.host.config.behaviour.askPermission });
  }

  decline(): Promise<void> {
    return this.endWith({ kind: 'declined' }, { action: 'reject' });
  }

  hangUp(detail = 'Conversation was finished'): Promise<void> {
    return this.endWith({ kind: 'local-hangup', detail }, { action: 'terminate' });
  }

  /** Hands the server's answer to the request waiting for it. @returns whether one was waiting */
  takeAnswer(message: BusinessDown): boolean {
    if (message.type !== 'request-done' && message.type !== 'request-failed') return false;
    const waiter = this.waiting.get(message.action);
    if (!waiter) return false;
    this.waiting.delete(message.action);
    waiter(message.type === 'request-done' ? { atMs: message.atMs } : message);
    return true;
  }

  async handle(message: BusinessDown): Promise<void> {
    if (this.takeAnswer(message)) return;
    if (this.ended) return;
    switch (message.type) {
      case 'accepted':
      case 'connected':
        this.clearTimer('request');
        await this.applyPlatformAnswer(message.answer, message.type === 'accepted' ? message.renegotiation : undefined);
        return;
      case 'media-update':
        // Meta's new offer (the consumer picked up, or changed media): applied, never answered.
        if (!(await this.step('setRemoteDescription(media_update offer)', () => this.applyRemoteOffer(message.sdp)))) return;
        return;
      case 'call-status':
        return;
      case 'terminated':
        return this.endWith(this.terminatedEvent(message.status), { endedAtMs: message.receivedAtMs });
      case 'request-failed':
        this.clearTimer('request');
        return this.endWith(this.failureEvent(message), this.afterFailure(message));
      default:
        return;
    }
  }

  /** What a terminate webhook means, by what the call was doing when it came. */
  private terminatedEvent(status: string): EndEvent {
    const { acceptWindowMs } = this.host.config.behaviour;
    if (this.state === 'ringing') {
      const afterMs = Date.now() - this.callStartMs;
      // The platform ends a call nobody accepted after its documented window: that is the caller's no-answer.
      return afterMs >= acceptWindowMs - ACCEPT_WINDOW_SLACK_MS
        ? { kind: 'caller-no-answer-timeout', afterMs }
        : { kind: 'remote-hangup', detail: `before the call was answered (terminate ${status})` };
    }
    if (this.state === 'accepting') return { kind: 'hangup-during-accept', detail: `terminate webhook (${status}) before the accept was answered` };
    switch (status.toLowerCase()) {
      case 'completed':
        return { kind: 'remote-hangup', detail: 'terminate webhook, status Completed' };
      case 'failed':
        return { kind: 'peer-gone', detail: 'terminate webhook, status Failed: the call failed mid-connection' };
      case 'removed':
        return { kind: 'removed', by: 'consumer (terminate webhook, status Removed)' };
      default:
        return { kind: 'unrecognized', code: status };
    }
  }

  /**
   * How to end the call after a request failed. A connect that failed made no call. An accept
   * Graph refused left the call unaccepted: reject it. An accept answered 2xx but unreadable,
   * or never answered, may have been accepted: terminate it.
   */
  private afterFailure(failure: RequestFailure): Ending {
    if (failure.action === 'connect') return { endedAtMs: Date.now() };
    if (failure.action === 'accept') return { action: failure.kind === 'graph' ? 'reject' : 'terminate' };
    return { action: this.state === 'ringing' ? 'reject' : 'terminate' };
  }

  private failureEvent(failure: RequestFailure): EndEvent {
    if (failure.action === 'accept' && failure.subcode === CANNOT_ACCEPT_ENDED) return { kind: 'hangup-during-accept', detail: `accept answered: ${failure.message}` };
    if (failure.action === 'connect' && (failure.subcode === NO_CALL_PERMISSION || failure.noPermission)) return { kind: 'no-permission', detail: failure.message };
    if (failure.kind === 'unreadable') return { kind: 'agent-error', error: `the ${failure.action} answer could not be read: ${failure.message}` };
    return { kind: 'graph-request-failed', action: failure.action, error: failure.message };
  }

  /** Microphone (and camera), a peer connection with the tracks, and its complete offer; undefined when the call ended instead. */
  private async localOffer(): Promise<string | undefined> {
    const { behaviour } = this.host.config;
    const tracks: MediaStreamTrack[] = [];
    for (const [kind, device] of [['audio', 'microphone'], ['video', 'camera']] as const) {
      if (kind === 'video' && !behaviour.video) continue;
      try {
        tracks.push(await this.openDevice(kind));
      } catch (error) {
        const e = error as DOMException;
        await this.endWith({ kind: 'media-denied', device, error: `${e.name}: ${e.message}` }, { action: 'reject' });
        return undefined;
      }
      if (this.ended) return undefined;
    }
    const pc = this.createPeerConnection();
    for (const track of tracks) pc.addTrack(track, this.stream!);
    if (!(await this.step('createOffer/setLocalDescription', async () => pc.setLocalDescription(await pc.createOffer())))) return undefined;
    try {
      return await this.whileLive(this.completeLocalSdp());
    } catch (error) {
      if (error instanceof CallEndedError) return undefined;
      throw error;
    }
  }

  /** The edge's answer, then Meta's renegotiation offer if one came (applied; its answer stays local). */
  private async applyPlatformAnswer(answer: string, renegotiation: string | undefined): Promise<void> {
    if (!(await this.step('setRemoteDescription(answer)', () => this.pc!.setRemoteDescription({ type: 'answer', sdp: answer })))) return;
    if (renegotiation !== undefined && !(await this.step('setRemoteDescription(renegotiation offer)', () => this.applyRemoteOffer(renegotiation)))) return;
    this.state = 'connected';
    this.lastProgress = { packets: 0, atMs: Date.now() };
    void this.host.emit({ type: 'connected', callId: this.callId, atMs: Date.now() });
  }

  private async applyRemoteOffer(sdp: string): Promise<void> {
    const pc = this.pc!;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await pc.setLocalDescription(await pc.createAnswer());
  }

  /** Runs a WebRTC operation; a failure ends the call as WebRTC_Error. @returns whether the call goes on */
  private async step(operation: string, run: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.whileLive(run());
      return !this.ended;
    } catch (error) {
      // the call ended meanwhile (its connection closed under the operation): nothing failed
      if (error instanceof CallEndedError) return false;
      const e = error as DOMException;
      await this.endWith({ kind: 'webrtc-error', operation, error: `${e.name}: ${e.message}` }, { action: this.state === 'ringing' ? 'reject' : 'terminate' });
      return false;
    }
  }

  /** A backstop for the server's own request timeout: a request the console never hears back about. */
  private armRequestTimer(action: 'accept' | 'connect'): void {
    const { signalingTimeoutMs } = this.host.config.behaviour;
    this.setTimer('request', signalingTimeoutMs, () => {
      if (this.state === 'accepting') void this.endWith({ kind: 'signaling-timeout', waitingFor: `the ${action} answer`, afterMs: signalingTimeoutMs }, { action: 'terminate' });
    });
  }

  /**
   * Ends the call for `event`. `action`: the platform must be told first (reject or terminate);
   * the call ended when its success answer arrived, which is the call_ended_time the API asks
   * for. `endedAtMs`: the platform already ended it (a terminate webhook's arrival).
   */
  async endWith(event: EndEvent, ending: Ending): Promise<void> {
    if (this.ended || this.closing) return;
    this.closing = true;
    let endedAtMs: number;
    if ('endedAtMs' in ending) endedAtMs = ending.endedAtMs;
    else {
      const answer = await this.request(ending.action);
      endedAtMs = 'atMs' in answer ? answer.atMs : Date.now();
    }
    await this.end(event, endedAtMs);
  }

  private request(action: 'reject' | 'terminate'): Promise<{ atMs: number } | RequestFailure> {
    const { signalingTimeoutMs } = this.host.config.behaviour;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(action);
        resolve({ action, kind: 'timeout', status: 0, message: `no answer from the business server within ${signalingTimeoutMs} ms` });
      }, signalingTimeoutMs);
      this.waiting.set(action, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      void this.signal({ type: action });
    });
  }

  protected override onIceState(state: RTCIceConnectionState): void {
    if (this.ended) return;
    const { connectionLossMs } = this.host.config.behaviour;
    if (state === 'disconnected' || state === 'failed') {
      if (!this.hasTimer('connection-loss')) {
        this.setTimer('connection-loss', connectionLossMs, () =>
          void this.endWith({ kind: 'connection-lost', iceState: this.pc?.iceConnectionState ?? state, afterMs: connectionLossMs }, { action: 'terminate' }),
        );
      }
    } else if (state === 'connected' || state === 'completed') {
      this.clearTimer('connection-loss');
    }
  }

  protected override onSample(packetsReceived: number): void {
    const { inactiveTimeoutMs } = this.host.config.behaviour;
    if (this.state !== 'connected' || inactiveTimeoutMs <= 0) return;
    const now = Date.now();
    if (packetsReceived > this.lastProgress.packets) this.lastProgress = { packets: packetsReceived, atMs: now };
    else if (now - this.lastProgress.atMs >= inactiveTimeoutMs) void this.endWith({ kind: 'inactive', silentForMs: now - this.lastProgress.atMs }, { action: 'terminate' });
  }

  /** Ends the call for `event`: reason, final snapshot before close, payload, submission. */
  async end(event: EndEvent, endedAtMs = Date.now()): Promise<void> {
    if (this.ended) return;
    const { reason, subreason } = decideEndReason(event);
    const info: EndInfo = { reason, subreason, endedAtMs, firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs };
    const report = await this.closeConnection();
    const built = this.payloadFor(report, info);
    const finalStats: Record<string, unknown>[] = [];
    report.forEach((stat) => finalStats.push({ ...(stat as object) }));
    await this.host.emit({ type: 'ended', callId: this.callId, atMs: Date.now(), info, finalStats, ...built });
    const submit = this.host.config.submit;
    if (built.payload && submit) {
      if (typeof this.submitter !== 'function') {
        await this.host.emit({ type: 'submitted', callId: this.callId, atMs: Date.now(), accepted: false, attempts: [], error: `submitter ${this.submitter.error}` });
        return;
      }
      let result: Awaited<ReturnType<SubmitCallMetrics>>;
      try {
        result = await this.submitter(built.payload, { url: submit.url, accessToken: submit.accessToken, totalBudgetMs: submit.totalBudgetMs }, { random: mulberry32(submit.jitterSeed) });
      } catch (error) {
        const e = error as Error;
        await this.host.emit({ type: 'submitted', callId: this.callId, atMs: Date.now(), accepted: false, attempts: [], error: `submitter threw ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}` });
        return;
      }
      await this.host.emit({
        type: 'submitted',
        callId: this.callId,
        atMs: Date.now(),
        accepted: result?.accepted === true,
        attempts: Array.isArray(result?.attempts) ? result.attempts : [],
        ...(result.finalError ? { error: result.finalError } : {}),
        ...(result.handedOff ? { handedOff: result.handedOff } : {}),
      });
    }
  }

  /**
   * The page is going away: nothing asynchronous may run any more. The payload is built from
   * the newest sample's full report and handed to the browser with sendBeacon / keepalive.
   */
  endOnPageHide(detail: string): void {
    if (this.ended || this.state === 'idle') return;
    const action = this.state === 'ringing' ? 'reject' : 'terminate';
    this.state = 'ended';
    const { reason, subreason } = decideEndReason({ kind: 'page-hide', detail });
    const info: EndInfo = { reason, subreason, endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs };
    const built = this.payloadFor(this.sampler?.latest ?? [], info);
    void this.host.emit({ type: 'ended', callId: this.callId, atMs: Date.now(), info, finalStats: this.sampler?.latest ?? [], ...built });
    const submit = this.host.config.submit;
    // The call is still up and this page cannot wait for its end: metrics sent now would reach
    // Graph before the terminate and be refused ("still in progress"). So the page hands the
    // payload to its own server, which ends the call and then submits, as a careful team does.
    const submitAfter = built.payload && submit ? { url: submit.url, accessToken: submit.accessToken, body: JSON.stringify(built.payload) } : undefined;
    void this.signal({ type: action, ...(submitAfter ? { submitAfter } : {}) });
  }

  private payloadFor(
    report: StatsReportLike,
    info: EndInfo,
  ): { payload: Record<string, unknown> | null; transformError?: string; repeatPayload?: unknown } {
    const context = callContextFrom({ callId: this.callId, reason: info.reason, subreason: info.subreason, endedAtMs: info.endedAtMs, firstAudioAtMs: info.firstAudioAtMs });
    const built = buildPayload(this.transform, report, context);
    if (!('payload' in built)) return { payload: null, transformError: built.error };
    // The same snapshot must give the same payload: run it again for the determinism check.
    const again = buildPayload(this.transform, report, context);
    return { payload: built.payload, repeatPayload: 'payload' in again ? again.payload : again.error };
  }
}
