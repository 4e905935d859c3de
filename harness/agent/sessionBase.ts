/**
 * What both roles' call sessions share (runs in the peer): one RTCPeerConnection with its
 * microphone, remote audio playout, complete (non-trickled) descriptions, stats sampling and
 * named timers.
 */
import type { AgentEvent, AgentInit } from './agentProtocol.ts';
import type { SignalMessage } from '../signaling/signalTypes.ts';
import { StatsSampler } from './statsSampler.ts';
import type { AudioSample } from '../stats/audioSample.ts';
import type { AgentPlatform, Playout } from './agentPlatform.ts';

/** What a session needs from the page-wide agent. */
export interface SessionHost {
  config: AgentInit;
  platform: AgentPlatform;
  emit(event: AgentEvent): Promise<void>;
  /** hands a stats sample on, batched as AgentInit.sampleBatchMs says */
  emitSample(sample: AudioSample): void;
  signal(callId: string, message: SignalMessage): Promise<void>;
}

/** Longest wait for ICE gathering before sending what was gathered, ms. */
const GATHER_BOUND_MS = 5_000;
/** Gathering counts as done this long after the newest candidate, ms. */
const GATHER_QUIET_MS = 100;

/** What a `whileLive` wait rejects with once its session has ended. */
export class CallEndedError extends Error {
  override name = 'CallEndedError';
  constructor() {
    super('the call ended while this was in progress');
  }
}

export type SessionState = 'idle' | 'calling' | 'ringing' | 'accepting' | 'connected' | 'ended';

export abstract class SessionBase {
  state: SessionState = 'idle';
  pc: RTCPeerConnection | undefined;
  stream: MediaStream | undefined;
  sampler: StatsSampler | undefined;
  firstAudioAtMs: number | null = null;
  /** when remote audio reached the <audio> element: Chromium's playout (and totalSamplesDuration) counts from here */
  playoutStartAtMs: number | null = null;
  callStartMs = Date.now();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** the audio sender's track while muted with replaceTrack(null) */
  private parkedTrack: MediaStreamTrack | null = null;
  private playout: Playout | undefined;

  constructor(
    readonly host: SessionHost,
    readonly callId: string,
  ) {}

  /** aborted when the session ends: every `whileLive` wait gives up then */
  private readonly endSignal = new AbortController();

  /**
   * Waits for a WebRTC operation while the call lasts. Chromium leaves an RTCPeerConnection's
   * operation pending for ever once the connection is closed under it (the call ended while an
   * offer was being made): without this, whoever awaits it hangs.
   */
  protected whileLive<T>(operation: Promise<T>): Promise<T> {
    const signal = this.endSignal.signal;
    if (signal.aborted) return Promise.reject(new CallEndedError());
    return new Promise<T>((resolve, reject) => {
      const onEnd = () => reject(new CallEndedError());
      signal.addEventListener('abort', onEnd, { once: true });
      operation.then(
        (value) => {
          signal.removeEventListener('abort', onEnd);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onEnd);
          reject(error);
        },
      );
    });
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  protected signal(message: SignalMessage): Promise<void> {
    return this.host.signal(this.callId, message);
  }

  protected setTimer(name: string, ms: number, fire: () => void): void {
    this.clearTimer(name);
    this.timers.set(name, setTimeout(() => { this.timers.delete(name); fire(); }, ms));
  }

  protected clearTimer(name: string): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
  }

  protected hasTimer(name: string): boolean {
    return this.timers.has(name);
  }

  protected clearTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** getUserMedia for one device; the DOMException propagates to the caller. */
  protected async openDevice(kind: 'audio' | 'video'): Promise<MediaStreamTrack> {
    try {
      const track = await this.host.platform.openDevice(kind);
      void this.host.emit({ type: 'media', atMs: Date.now(), ok: true });
      this.stream ??= this.host.platform.newMediaStream();
      this.stream.addTrack(track);
      return track;
    } catch (error) {
      const e = error as DOMException;
      void this.host.emit({ type: 'media', atMs: Date.now(), ok: false, error: `${e.name}: ${e.message}` });
      throw error;
    }
  }

  protected createPeerConnection(): RTCPeerConnection {
    const { config } = this.host;
    const pc = this.host.platform.newPeerConnection({ iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy });
    this.pc = pc;
    pc.oniceconnectionstatechange = () => {
      void this.host.emit({ type: 'ice-state', atMs: Date.now(), state: pc.iceConnectionState });
      this.onIceState(pc.iceConnectionState);
    };
    pc.ontrack = (event) => {
      if (event.track.kind !== 'audio') return;
      this.playout?.stop();
      // Playout counts from the track that carries the audio: a track replaced before any packet
      // arrived (a business call's answer, then Meta's media_update moving the audio) never played.
      if (this.firstAudioAtMs === null) this.playoutStartAtMs = Date.now();
      else this.playoutStartAtMs ??= Date.now();
      this.playout = this.host.platform.playRemote({ pc, track: event.track, stream: event.streams[0] }, () => {
        if (this.firstAudioAtMs !== null) return;
        this.firstAudioAtMs = Date.now();
        void this.host.emit({ type: 'first-audio', atMs: this.firstAudioAtMs });
      });
    };
    this.sampler = new StatsSampler(pc, config.timeOriginMs, (sample) => {
      this.host.emitSample(sample);
      this.onSample(sample.inbound?.packetsReceived ?? 0);
    });
    this.sampler.start(config.sampleIntervalMs);
    return pc;
  }

  /** Called on every ICE connection state change. */
  protected onIceState(_state: RTCIceConnectionState): void {}

  /** Called with inbound packetsReceived after every stats sample. */
  protected onSample(_packetsReceived: number): void {}

  /**
   * The local description once its candidates are in: the platform's API takes a whole offer
   * (no candidate trickles over it), and its edge answers whole. Chromium reports gathering
   * complete only after its other interfaces time out (seconds). Relay-only, the first relay
   * candidate is all the call can use, so it is enough; otherwise a short quiet spell after the
   * newest candidate counts as done. The bound keeps a broken relay from hanging the call.
   */
  protected async completeLocalSdp(boundMs = GATHER_BOUND_MS): Promise<string> {
    const pc = this.pc!;
    if (pc.iceGatheringState !== 'complete' && !/^a=candidate:/m.test(pc.localDescription?.sdp ?? '')) {
      await new Promise<void>((resolve) => {
        let quiet: ReturnType<typeof setTimeout> | undefined;
        const bound = setTimeout(done, boundMs);
        function done() {
          clearTimeout(bound);
          clearTimeout(quiet);
          pc.removeEventListener('icegatheringstatechange', onState);
          pc.removeEventListener('icecandidate', onCandidate);
          resolve();
        }
        function onState() {
          if (pc.iceGatheringState === 'complete') done();
        }
        const relayOnly = pc.getConfiguration().iceTransportPolicy === 'relay';
        function onCandidate(event: RTCPeerConnectionIceEvent) {
          if (!event.candidate || relayOnly) return done();
          clearTimeout(quiet);
          quiet = setTimeout(done, GATHER_QUIET_MS);
        }
        pc.addEventListener('icegatheringstatechange', onState);
        pc.addEventListener('icecandidate', onCandidate);
      });
    }
    return pc.localDescription!.sdp;
  }

  /**
   * Mute the microphone. `enabled`: the track sends silence (packets keep flowing);
   * `replaceTrack`: the sender has no track (packets stop).
   */
  async mute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    const sender = this.pc?.getSenders().find((s) => s.track?.kind === 'audio' || (s.track === null && this.parkedTrack));
    if (!sender) throw new Error('mute: no audio sender');
    if (method === 'enabled') {
      if (sender.track) sender.track.enabled = false;
      return;
    }
    this.parkedTrack = sender.track;
    await sender.replaceTrack(null);
  }

  async unmute(method: 'enabled' | 'replaceTrack'): Promise<void> {
    const sender = this.pc?.getSenders().find((s) => s.track?.kind === 'audio' || s.track === null);
    if (!sender) throw new Error('unmute: no audio sender');
    if (method === 'enabled') {
      if (sender.track) sender.track.enabled = true;
      return;
    }
    if (this.parkedTrack) await sender.replaceTrack(this.parkedTrack);
    this.parkedTrack = null;
  }

  /** Stops sampling, timers, media; returns the final snapshot taken BEFORE pc.close(). */
  protected async closeConnection(): Promise<RTCStatsReport | Map<string, unknown>> {
    this.state = 'ended';
    this.endSignal.abort();
    this.clearTimers();
    this.sampler?.stop();
    const report = this.pc ? await this.pc.getStats() : new Map<string, unknown>();
    this.playout?.stop();
    this.pc?.close();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.parkedTrack?.stop();
    return report;
  }

  /** Releases everything without a final report: the peer is being torn down. */
  dispose(): void {
    this.state = 'ended';
    this.endSignal.abort();
    this.clearTimers();
    this.sampler?.stop();
    this.playout?.stop();
    this.pc?.close();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.parkedTrack?.stop();
  }
}
