/**
 * What the call agent needs from the runtime it runs in. The agent (this folder) runs in a
 * Chromium page (browser/browserPlatform.ts) or in a Node peer process on libwebrtc
 * (harness/nodepeer/nodePlatform.ts); everything runtime-specific — how media is captured
 * and played, how the harness is reached, what "going away" means — sits behind this.
 */
import type { AgentEvent } from './agentProtocol.ts';
import type { SignalEnvelope } from '../signaling/signalTypes.ts';

/** Which runtime a peer runs in; recorded with every call. */
export type PeerRuntime = 'chromium' | 'node';

/** A team's own module the agent may load instead of its built-in one. */
export type TeamModule = 'transform' | 'submitter';

/** Remote audio being played out; `stop()` ends playout when the call closes. */
export interface Playout {
  stop(): void;
}

export interface AgentPlatform {
  readonly runtime: PeerRuntime;
  /** hands a signaling message to the harness's bus; resolves once the bus took it */
  signal(envelope: SignalEnvelope): Promise<void>;
  /** hands an event to the harness; resolves once the harness recorded it */
  emit(event: AgentEvent): Promise<void>;
  /**
   * Opens a capture device. Rejects with an Error whose `name` is the DOMException name
   * (NotAllowedError, NotFoundError, NotSupportedError) as getUserMedia does.
   */
  openDevice(kind: 'audio' | 'video'): Promise<MediaStreamTrack>;
  newMediaStream(): MediaStream;
  newPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  /**
   * Plays a remote audio track so the receiver is pulled and its stats are real (a receiver
   * nobody plays keeps totalSamplesDuration and concealment at 0). Calls `onFirstPacket` once,
   * when the track's first RTP packet arrived.
   */
  playRemote(remote: { pc: RTCPeerConnection; track: MediaStreamTrack; stream: MediaStream | undefined }, onFirstPacket: () => void): Playout;
  /** Runs `listener` when the peer is going away (the page's pagehide, the process's shutdown). */
  onGoingAway(listener: () => void): void;
  /** Imports a team's module (`--transform PATH`, `--submitter PATH`); rejects when it cannot be loaded. */
  importTeamModule(module: TeamModule): Promise<Record<string, unknown>>;
}
