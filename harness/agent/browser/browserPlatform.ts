/**
 * The call agent's platform in a Chromium page: getUserMedia (Chromium's fake capture plays
 * the harness's speech WAV), remote audio through the agent's own <audio> element, the harness
 * reached through the two bindings it exposes (with the agent's id: a page may host several),
 * `pagehide` as "going away".
 */
import type { AgentPlatform, Playout } from '../agentPlatform.ts';
import type { AgentEvent } from '../agentProtocol.ts';
import type { SignalEnvelope } from '../../signaling/signalTypes.ts';

declare global {
  interface Window {
    callsoakSignal(agentId: string, envelope: SignalEnvelope): Promise<void>;
    callsoakEmit(agentId: string, event: AgentEvent): Promise<void>;
  }
}

/** Team modules the page server bundled, by kind. */
const TEAM_MODULE_URLS = { transform: '/transform.js', submitter: '/submitter.js' } as const;

export function browserPlatform(agentId: string, audio: HTMLAudioElement): AgentPlatform {
  return {
    runtime: 'chromium',
    signal: (envelope) => window.callsoakSignal(agentId, envelope),
    emit: (event) => window.callsoakEmit(agentId, event),
    async openDevice(kind) {
      const stream = await navigator.mediaDevices.getUserMedia({ [kind]: true });
      return kind === 'audio' ? stream.getAudioTracks()[0]! : stream.getVideoTracks()[0]!;
    },
    newMediaStream: () => new MediaStream(),
    newPeerConnection: (config) => new RTCPeerConnection(config),
    playRemote({ track, stream }, onFirstPacket): Playout {
      audio.srcObject = stream ?? new MediaStream([track]);
      void audio.play().catch((e: Error) => window.callsoakEmit(agentId, { type: 'error', atMs: Date.now(), message: `audio.play: ${e.message}` }));
      // A remote track starts muted and unmutes when its first RTP packet arrives.
      if (!track.muted) onFirstPacket();
      else track.addEventListener('unmute', onFirstPacket, { once: true });
      return { stop: () => audio.pause() };
    },
    onGoingAway(listener) {
      addEventListener('pagehide', listener);
    },
    importTeamModule: (module) => import(TEAM_MODULE_URLS[module]) as Promise<Record<string, unknown>>,
  };
}
