/**
 * The call agent that runs inside each Chromium page: one per role. It does what a real
 * Messenger-calling client does — getUserMedia, RTCPeerConnection, offer/answer and ICE over
 * signaling, remote audio played through an <audio> element — and, on the business side,
 * ends calls with a reason, snapshots getStats before closing, builds the payload and submits it.
 *
 * It only acts when the harness (or the remote peer, through signaling) tells it to; the
 * scenario's timeline lives in node.
 */
import type { AgentEvent, AgentInit, EndInfo } from './agentProtocol.ts';
import { StatsSampler } from './statsSampler.ts';
import { buildPayload } from './buildPayload.ts';
import { submitPayload } from './submitPayload.ts';
import { statsToArray } from '../stats/extractAudioSample.ts';
import { SIGNALING_VERSION, type SignalEnvelope, type SignalMessage } from '../signaling/signalTypes.ts';

declare global {
  interface Window {
    callsoakSignal(envelope: SignalEnvelope): Promise<void>;
    callsoakEmit(event: AgentEvent): Promise<void>;
  }
}

export class CallAgent {
  private config: AgentInit | undefined;
  private pc: RTCPeerConnection | undefined;
  private stream: MediaStream | undefined;
  private sampler: StatsSampler | undefined;
  private pendingOffer: RTCSessionDescriptionInit | undefined;
  private pendingCandidates: RTCIceCandidateInit[] = [];
  private seq = 0;
  private callStartMs = 0;
  private firstAudioAtMs: number | null = null;
  private ended = false;
  private inbox: Promise<void> = Promise.resolve();

  constructor(private readonly audio: HTMLAudioElement) {}

  init(config: AgentInit): void {
    this.config = config;
    this.emit({ type: 'ready', atMs: Date.now() });
  }

  /** Consumer: place the call (microphone, peer connection, offer). */
  async call(): Promise<void> {
    this.callStartMs = Date.now();
    await this.openMedia();
    const pc = this.createPeerConnection();
    for (const track of this.stream!.getAudioTracks()) pc.addTrack(track, this.stream!);
    await pc.setLocalDescription(await pc.createOffer());
    await this.signal({ type: 'offer', sdp: pc.localDescription!.sdp, version: SIGNALING_VERSION });
  }

  /** Business: accept the ringing call (microphone, answer). */
  async answer(): Promise<void> {
    if (!this.pendingOffer) throw new Error('answer: no incoming call');
    await this.openMedia();
    const pc = this.createPeerConnection();
    await pc.setRemoteDescription(this.pendingOffer);
    for (const track of this.stream!.getAudioTracks()) pc.addTrack(track, this.stream!);
    await pc.setLocalDescription(await pc.createAnswer());
    await this.flushCandidates();
    await this.signal({ type: 'answer', sdp: pc.localDescription!.sdp });
  }

  /** This side hangs up: tell the other side, then end locally. */
  async hangUp(subreason = 'Conversation was finished'): Promise<void> {
    await this.signal({ type: 'bye', reason: subreason });
    await this.end('Hangup_Call', `${this.config!.role} hung up: ${subreason}`);
  }

  /**
   * Delivered by the harness's signaling bus. Returns at once; messages are handled one at a
   * time in arrival order (a candidate must not overtake the description it belongs to).
   */
  onSignal(envelope: SignalEnvelope): void {
    this.inbox = this.inbox
      .then(() => this.handleSignal(envelope))
      .catch((error: Error) => void this.emit({ type: 'error', atMs: Date.now(), message: `signal ${envelope.message.type}: ${error.message}` }));
  }

  private async handleSignal(envelope: SignalEnvelope): Promise<void> {
    const message = envelope.message;
    switch (message.type) {
      case 'offer':
        this.callStartMs = Date.now();
        this.pendingOffer = { type: 'offer', sdp: message.sdp };
        this.emit({ type: 'ringing', atMs: Date.now() });
        return;
      case 'answer':
        await this.pc!.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        await this.flushCandidates();
        return;
      case 'candidate':
        if (!message.candidate) return;
        this.pendingCandidates.push(message.candidate);
        if (this.pc?.remoteDescription) await this.flushCandidates();
        return;
      case 'bye':
        // For the business this is the hangup webhook: the moment call_ended_time records.
        await this.end('Hangup_Call', `remote hung up: ${message.reason ?? 'no reason given'}`);
        return;
    }
  }

  /**
   * Ends the call: final snapshot before pc.close() (stats taken after closing may already
   * have lost the last interval), then — business only — payload and submission.
   */
  async end(reason: string, subreason: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const info: EndInfo = { reason, subreason, endedAtMs: Date.now(), firstAudioAtMs: this.firstAudioAtMs };
    this.sampler?.stop();
    const report = this.pc ? await this.pc.getStats() : new Map<string, unknown>();
    this.pc?.close();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    const finalStats = statsToArray(report);
    if (this.config!.role !== 'business') {
      this.emit({ type: 'ended', atMs: Date.now(), info, finalStats, payload: null });
      return;
    }
    const built = await buildPayload(this.config!.transform, report, {
      callId: this.config!.callId,
      endCallReason: reason,
      endCallSubreason: subreason,
      callEndedTime: Math.floor(info.endedAtMs / 1000),
      firstAudioPacketReceivedTime: info.firstAudioAtMs === null ? null : Math.floor(info.firstAudioAtMs / 1000),
    });
    const payload = 'payload' in built ? built.payload : null;
    await this.emit({
      type: 'ended',
      atMs: Date.now(),
      info,
      finalStats,
      payload,
      ...('error' in built ? { transformError: built.error } : {}),
    });
    if (payload && this.config!.submit) {
      const result = await submitPayload(payload, this.config!.submit);
      await this.emit({ type: 'submitted', atMs: Date.now(), ...result });
    }
  }

  private async openMedia(): Promise<void> {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      this.emit({ type: 'media', atMs: Date.now(), ok: true });
    } catch (error) {
      const e = error as DOMException;
      this.emit({ type: 'media', atMs: Date.now(), ok: false, error: `${e.name}: ${e.message}` });
      throw error;
    }
  }

  private createPeerConnection(): RTCPeerConnection {
    const config = this.config!;
    const pc = new RTCPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy });
    this.pc = pc;
    pc.onicecandidate = (event) => void this.signal({ type: 'candidate', candidate: event.candidate?.toJSON() ?? null });
    pc.oniceconnectionstatechange = () =>
      this.emit({ type: 'ice-state', atMs: Date.now(), state: pc.iceConnectionState });
    pc.ontrack = (event) => {
      // Remote audio must play, or Chromium never pulls it out of the jitter buffer and the
      // receive-side stats (totalSamplesDuration, concealment) stay 0.
      this.audio.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      void this.audio.play().catch((e: Error) => this.emit({ type: 'error', atMs: Date.now(), message: `audio.play: ${e.message}` }));
      // A remote track starts muted and unmutes when its first RTP packet arrives.
      const onFirstPacket = () => {
        if (this.firstAudioAtMs !== null) return;
        this.firstAudioAtMs = Date.now();
        this.emit({ type: 'first-audio', atMs: this.firstAudioAtMs });
      };
      if (!event.track.muted) onFirstPacket();
      else event.track.addEventListener('unmute', onFirstPacket, { once: true });
    };
    this.sampler = new StatsSampler(pc, this.callStartMs, (sample) => void this.emit({ type: 'sample', sample }));
    this.sampler.start(config.sampleIntervalMs);
    return pc;
  }

  private async flushCandidates(): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending) await this.pc!.addIceCandidate(candidate);
  }

  private async signal(message: SignalMessage): Promise<void> {
    this.seq += 1;
    await window.callsoakSignal({ callId: this.config!.callId, from: this.config!.role, seq: this.seq, message });
  }

  private emit(event: AgentEvent): Promise<void> {
    return window.callsoakEmit(event).catch(() => undefined);
  }
}
