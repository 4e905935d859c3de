/**
 * The consumer's side of a call (runs in the page): the Messenger app as the platform sees it.
 * It connects its own media leg to the platform's edge (a complete offer, the edge's answer),
 * places or picks up the call through the platform, and hangs up or is hung up on. What it says
 * goes to the platform only; the business learns of it from webhooks.
 */
import { CallEndedError, SessionBase } from './sessionBase.ts';
import { offerOnlyCodecs } from './offerOnlyCodecs.ts';
import type { ConsumerDown, HangupCode } from '../signaling/signalTypes.ts';

/** The documented DTMF tone and gap, ms [D]. */
export const DTMF_TONE_MS = 500;
export const DTMF_GAP_MS = 100;
/** Beyond the tones' own time, how long sending may take before the step gives up, ms. */
const DTMF_SLACK_MS = 2_000;

export class ConsumerSession extends SessionBase {
  /**
   * Places the call: the platform rings the business at once, and the app sets up its media leg
   * to the edge (microphone, a complete offer) while it rings, as the Messenger app does.
   */
  async place(): Promise<void> {
    this.state = 'calling';
    this.callStartMs = Date.now();
    await this.signal({ type: 'place' });
    const sdp = await this.offerForEdge();
    if (sdp !== undefined) await this.signal({ type: 'edge-offer', sdp });
  }

  /** A business called and the platform rings this consumer: pick up (a new edge leg). */
  async pickUp(): Promise<void> {
    if (this.state !== 'ringing') throw new Error(`pickUp: the call is ${this.state}, not ringing`);
    this.state = 'accepting';
    const sdp = await this.offerForEdge();
    if (sdp !== undefined) await this.signal({ type: 'pick-up', sdp });
  }

  async declineIncoming(): Promise<void> {
    if (this.state !== 'ringing') throw new Error(`decline: the call is ${this.state}, not ringing`);
    await this.signal({ type: 'decline' });
    await this.close('declined');
  }

  /** `code`: the terminate status the platform writes for this hang-up (default Completed). */
  async hangUp(code?: HangupCode): Promise<void> {
    if (this.ended) return;
    await this.signal({ type: 'hangup', ...(code ? { code } : {}) });
    await this.close('hung up');
  }

  async handle(message: ConsumerDown): Promise<void> {
    if (this.ended) return;
    switch (message.type) {
      case 'edge-answer':
        if (!(await this.live(this.pc!.setRemoteDescription({ type: 'answer', sdp: message.sdp })))) return;
        if (this.state === 'accepting') this.state = 'connected';
        return;
      case 'incoming':
        this.state = 'ringing';
        this.callStartMs = Date.now();
        void this.host.emit({ type: 'ringing', callId: this.callId, atMs: Date.now() });
        return;
      case 'call-ended':
        await this.close(`the platform ended the call (${message.status})`);
        return;
    }
  }

  /**
   * Sends DTMF in RTP (RFC 4733) with the documented 500 ms tones and 100 ms gaps; every tone
   * change is reported (`dtmf` events), the last with an empty tone. Returns when all were sent.
   */
  async sendDtmf(digits: string): Promise<void> {
    const sender = this.pc?.getSenders().find((s) => s.track?.kind === 'audio');
    const dtmf = sender?.dtmf;
    if (!dtmf) throw new Error('sendDtmf: the audio sender has no DTMF sender');
    if (!dtmf.canInsertDTMF) throw new Error('sendDtmf: the DTMF sender cannot send (no telephone-event negotiated, or not connected)');
    const telephoneEvents = sender.getParameters().codecs.flatMap((c) => (c.mimeType.toLowerCase() === 'audio/telephone-event' ? [{ payloadType: c.payloadType, clockRate: c.clockRate }] : []));
    await new Promise<void>((resolve) => {
      const bound = setTimeout(resolve, digits.length * (DTMF_TONE_MS + DTMF_GAP_MS) + DTMF_SLACK_MS);
      dtmf.ontonechange = (event) => {
        void this.host.emit({ type: 'dtmf', atMs: Date.now(), tone: event.tone, telephoneEvents });
        if (event.tone === '') {
          clearTimeout(bound);
          resolve();
        }
      };
      dtmf.insertDTMF(digits, DTMF_TONE_MS, DTMF_GAP_MS);
    });
  }

  /** The edge leg's complete offer; undefined when the call ended meanwhile (the business turned it down as it rang). */
  private async offerForEdge(): Promise<string | undefined> {
    const { behaviour } = this.host.config;
    const track = await this.openDevice('audio');
    if (this.ended) return undefined;
    const pc = this.createPeerConnection();
    pc.addTrack(track, this.stream!);
    let sdp: string | undefined;
    const made = await this.live(
      (async () => {
        await pc.setLocalDescription(await pc.createOffer());
        sdp = await this.completeLocalSdp();
      })(),
    );
    if (!made || sdp === undefined) return undefined;
    return behaviour.offerCodecs.length > 0 ? offerOnlyCodecs(sdp, behaviour.offerCodecs) : sdp;
  }

  /** @returns whether the operation finished while the call lasted (false: the call ended first) */
  private async live(operation: Promise<unknown>): Promise<boolean> {
    try {
      await this.whileLive(operation);
      return true;
    } catch (error) {
      if (error instanceof CallEndedError) return false;
      throw error;
    }
  }

  private async close(why: string): Promise<void> {
    if (this.ended) return;
    const report = await this.closeConnection();
    const finalStats: Record<string, unknown>[] = [];
    report.forEach((stat) => finalStats.push({ ...(stat as object) }));
    await this.host.emit({
      type: 'ended',
      callId: this.callId,
      atMs: Date.now(),
      info: { reason: '', subreason: `consumer side closed: ${why}`, endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs, playoutStartAtMs: this.playoutStartAtMs },
      finalStats,
      payload: null,
    });
  }
}
