/**
 * The business's side of a call (runs in the page): rings, accepts or turns the call down,
 * watches the connection, and — whatever ends the call — decides the end reason from the one
 * table (endReasonTable.ts), snapshots getStats before closing, builds the payload and submits.
 */
import { SessionBase, type SessionHost } from './sessionBase.ts';
import { decideEndReason, type EndEvent } from './endReasonTable.ts';
import { buildPayload, type PageTransform } from './buildPayload.ts';
import type { SubmitCallMetrics } from './submitter/submitCallMetrics.ts';
import { submitOnPageHide } from './submitter/submitOnPageHide.ts';
import { mulberry32 } from '../random/mulberry32.ts';
import type { EndInfo } from './agentProtocol.ts';
import { callContextFrom } from '../contract/compareTransforms.ts';
import type { StatsReportLike } from '../contract/transforms/transformTypes.ts';
import type { SignalMessage } from '../signaling/signalTypes.ts';

type Offer = Extract<SignalMessage, { type: 'offer' }>;

export class BusinessSession extends SessionBase {
  private offer: Offer | undefined;
  private lastProgress = { packets: 0, atMs: Date.now() };

  constructor(
    host: SessionHost,
    callId: string,
    private readonly transform: PageTransform | { error: string },
    private readonly submitter: SubmitCallMetrics | { error: string },
  ) {
    super(host, callId);
  }

  /** An offer for this call arrived: ring (the agent already ruled out busy and full). */
  ring(offer: Offer): void {
    const { behaviour } = this.host.config;
    this.offer = offer;
    this.callStartMs = Date.now();
    if (!behaviour.supportedVersions.includes(offer.version)) {
      void this.turnDown({ kind: 'version-unsupported', offered: offer.version, supported: behaviour.supportedVersions });
    } else if (!offer.caller) {
      void this.turnDown({ kind: 'caller-not-visible' });
    } else if (behaviour.ringMuted) {
      void this.turnDown({ kind: 'ring-muted' });
    } else {
      this.state = 'ringing';
      void this.host.emit({ type: 'ringing', callId: this.callId, atMs: Date.now() });
      this.setTimer('incoming', behaviour.incomingTimeoutMs, () => void this.turnDown({ kind: 'incoming-timeout', afterMs: behaviour.incomingTimeoutMs }));
    }
  }

  /** Accept: microphone (and camera for a video call), answer, then wait for its acknowledgement. */
  async accept(): Promise<void> {
    if (this.state !== 'ringing') throw new Error(`accept: the call is ${this.state}, not ringing`);
    const { behaviour } = this.host.config;
    this.state = 'accepting';
    this.clearTimer('incoming');
    const tracks: MediaStreamTrack[] = [];
    for (const [kind, device] of [['audio', 'microphone'], ['video', 'camera']] as const) {
      if (kind === 'video' && !behaviour.video) continue;
      try {
        tracks.push(await this.openDevice(kind));
      } catch (error) {
        const e = error as DOMException;
        return this.end({ kind: 'media-denied', device, error: `${e.name}: ${e.message}` });
      }
      if (this.ended) return;
    }
    const pc = this.createPeerConnection();
    const step = async (operation: string, run: () => Promise<unknown>): Promise<boolean> => {
      try {
        await run();
        return !this.ended;
      } catch (error) {
        const e = error as DOMException;
        await this.end({ kind: 'webrtc-error', operation, error: `${e.name}: ${e.message}` });
        return false;
      }
    };
    if (!(await step('setRemoteDescription(offer)', () => pc.setRemoteDescription({ type: 'offer', sdp: this.offer!.sdp })))) return;
    for (const track of tracks) pc.addTrack(track, this.stream!);
    let answer: RTCSessionDescriptionInit | undefined;
    if (!(await step('createAnswer', async () => (answer = await pc.createAnswer())))) return;
    // A rejected audio m-line (port 0) means no codec in common: the call cannot carry audio.
    if (/^m=audio 0 /m.test(answer!.sdp ?? '')) {
      return this.end({ kind: 'webrtc-error', operation: 'negotiate audio', error: 'no audio codec in common with the offer (the answer rejects the audio m-line)' });
    }
    if (!(await step('setLocalDescription(answer)', () => pc.setLocalDescription(answer!)))) return;
    if (!(await step('addIceCandidate', () => this.flushCandidates()))) return;
    // Armed before sending: the acknowledgement can come back before signal() returns.
    this.setTimer('answer-ack', behaviour.signalingTimeoutMs, () => {
      if (this.state === 'accepting') void this.end({ kind: 'signaling-timeout', waitingFor: 'answer acknowledgement', afterMs: behaviour.signalingTimeoutMs });
    });
    await this.signal({ type: 'answer', sdp: pc.localDescription!.sdp });
  }

  decline(): Promise<void> {
    return this.turnDown({ kind: 'declined' });
  }

  hangUp(detail = 'Conversation was finished'): Promise<void> {
    void this.signal({ type: 'bye', code: 'hangup', detail });
    return this.end({ kind: 'local-hangup', detail });
  }

  async handle(message: SignalMessage): Promise<void> {
    if (this.ended) return;
    switch (message.type) {
      case 'answer-ack':
        this.clearTimer('answer-ack');
        this.state = 'connected';
        this.lastProgress = { packets: 0, atMs: Date.now() };
        void this.host.emit({ type: 'connected', callId: this.callId, atMs: Date.now() });
        return;
      case 'candidate':
        try {
          await this.addCandidate(message.candidate);
        } catch (error) {
          const e = error as DOMException;
          await this.end({ kind: 'webrtc-error', operation: 'addIceCandidate', error: `${e.name}: ${e.message}` });
        }
        return;
      case 'bye':
        return this.end(this.byeEvent(message));
      case 'peer-gone':
        return this.end({ kind: 'peer-gone', detail: message.detail });
      case 'platform-error':
        return this.end({ kind: 'no-permission', detail: message.detail });
      default:
        return;
    }
  }

  private byeEvent(bye: Extract<SignalMessage, { type: 'bye' }>): EndEvent {
    const detail = bye.detail ?? 'no detail';
    if (this.state === 'ringing') {
      return bye.code === 'no-answer'
        ? { kind: 'caller-no-answer-timeout', afterMs: Date.now() - this.callStartMs }
        : { kind: 'remote-hangup', detail: `before the call was answered: ${detail}` };
    }
    if (this.state === 'accepting') return { kind: 'hangup-during-accept', detail };
    if (bye.code === 'hangup') return { kind: 'remote-hangup', detail };
    if (bye.code === 'removed') return { kind: 'removed', by: 'consumer' };
    return { kind: 'unrecognized', code: bye.code };
  }

  protected override onIceState(state: RTCIceConnectionState): void {
    if (this.ended) return;
    const { connectionLossMs } = this.host.config.behaviour;
    if (state === 'disconnected' || state === 'failed') {
      if (!this.hasTimer('connection-loss')) {
        this.setTimer('connection-loss', connectionLossMs, () =>
          void this.end({ kind: 'connection-lost', iceState: this.pc?.iceConnectionState ?? state, afterMs: connectionLossMs }),
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
    else if (now - this.lastProgress.atMs >= inactiveTimeoutMs) void this.end({ kind: 'inactive', silentForMs: now - this.lastProgress.atMs });
  }

  /** Turn the ringing (or not yet ringing) call down, telling the caller why. */
  private async turnDown(event: EndEvent): Promise<void> {
    const { reason } = decideEndReason(event);
    void this.signal({ type: 'reject', reason });
    await this.end(event);
  }

  /** Ends the call for `event`: reason, final snapshot before close, payload, submission. */
  async end(event: EndEvent): Promise<void> {
    if (this.ended) return;
    const { reason, subreason } = decideEndReason(event);
    const info: EndInfo = { reason, subreason, endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs };
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
    this.state = 'ended';
    // Hang up first, as a client leaving a call does: the platform learns the call ended
    // before the metrics arrive, so they are not refused as "still in progress".
    void this.signal({ type: 'bye', code: 'hangup', detail: `business ${detail}` });
    const { reason, subreason } = decideEndReason({ kind: 'page-hide', detail });
    const info: EndInfo = { reason, subreason, endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs };
    const built = this.payloadFor(this.sampler?.latest ?? [], info);
    void this.host.emit({ type: 'ended', callId: this.callId, atMs: Date.now(), info, finalStats: this.sampler?.latest ?? [], ...built });
    const submit = this.host.config.submit;
    if (!built.payload || !submit) return;
    if (this.host.config.submitter === 'default' || typeof this.submitter !== 'function') submitOnPageHide(JSON.stringify(built.payload), submit);
    else void this.submitter(built.payload, { url: submit.url, accessToken: submit.accessToken, totalBudgetMs: submit.totalBudgetMs }, { random: mulberry32(submit.jitterSeed) }).catch(() => undefined);
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
