/**
 * The consumer's side of a call (runs in the page): places the call, applies the answer,
 * acknowledges it, and hangs up, gives up ringing, or is turned down.
 */
import { SessionBase } from './sessionBase.ts';
import { offerOnlyCodecs } from './offerOnlyCodecs.ts';
import type { HangupCode, SignalMessage } from '../signaling/signalTypes.ts';

export class ConsumerSession extends SessionBase {
  /**
   * Places the call. `joinCallId`: join that ongoing call instead of starting a new one.
   * Returns once the offer is sent.
   */
  async place(joinCallId?: string): Promise<void> {
    const { behaviour } = this.host.config;
    this.state = 'calling';
    this.callStartMs = Date.now();
    const track = await this.openDevice('audio');
    const pc = this.createPeerConnection();
    pc.addTrack(track, this.stream!);
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const sdp = behaviour.offerCodecs.length > 0 ? offerOnlyCodecs(offer.sdp!, behaviour.offerCodecs) : offer.sdp!;
    // A caller does not ring forever: it gives up and says why. Armed before sending, since
    // the answer can come back before signal() returns.
    this.setTimer('no-answer', behaviour.noAnswerTimeoutMs, () => {
      if (this.state === 'calling') void this.hangUp('no-answer', `no answer after ${behaviour.noAnswerTimeoutMs} ms`);
    });
    await this.signal({
      type: 'offer',
      sdp,
      version: behaviour.offerVersion,
      ...(behaviour.callerVisible ? { caller: { id: `psid-${this.callId.slice(2, 12)}` } } : {}),
      ...(joinCallId ? { joinCallId } : {}),
    });
  }

  async hangUp(code: HangupCode = 'hangup', detail = 'Conversation was finished'): Promise<void> {
    if (this.ended) return;
    await this.signal({ type: 'bye', code, detail });
    await this.close();
  }

  async handle(message: SignalMessage): Promise<void> {
    if (this.ended) return;
    switch (message.type) {
      case 'answer':
        this.clearTimer('no-answer');
        await this.pc!.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        await this.flushCandidates();
        this.state = 'connected';
        await this.signal({ type: 'answer-ack' });
        return;
      case 'candidate':
        await this.addCandidate(message.candidate);
        return;
      case 'reject':
      case 'bye':
      case 'peer-gone':
        await this.close();
        return;
      default:
        return;
    }
  }

  private async close(): Promise<void> {
    if (this.ended) return;
    const report = await this.closeConnection();
    const finalStats: Record<string, unknown>[] = [];
    report.forEach((stat) => finalStats.push({ ...(stat as object) }));
    await this.host.emit({
      type: 'ended',
      callId: this.callId,
      atMs: Date.now(),
      info: { reason: '', subreason: 'consumer side closed', endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs },
      finalStats,
      payload: null,
    });
  }
}
