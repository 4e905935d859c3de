/**
 * The call agent's platform in a Node peer process, on libwebrtc (@roamhq/wrtc). What differs
 * from a Chromium page, and how it is bridged, is listed in nodePeerDifferences.ts:
 *  - microphone: the harness's speech WAV through RTCAudioSource (wavMicrophone.ts); no camera,
 *    no permission model;
 *  - playout: an RTCAudioSink pulls the remote track, as the <audio> element does in the page;
 *  - first packet: libwebrtc in Node never mutes a remote track, so there is no `unmute` event;
 *    inbound-rtp packetsReceived is polled every FIRST_PACKET_POLL_MS instead;
 *  - going away: a process shutdown (goAway), not `pagehide`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { AgentPlatform, TeamModule } from '../agent/agentPlatform.ts';
import type { AgentEvent } from '../agent/agentProtocol.ts';
import type { SignalEnvelope } from '../signaling/signalTypes.ts';
import type { Wrtc } from './loadWrtc.ts';
import { readWavPcm, type WavPcm } from './wavPcm.ts';
import { WavMicrophone } from './wavMicrophone.ts';

/** how often the first inbound packet is looked for, ms */
const FIRST_PACKET_POLL_MS = 20;

export interface NodePlatformOptions {
  wrtc: Wrtc;
  mediaPath: string;
  teamModules: { transform?: string; submitter?: string };
  signal(envelope: SignalEnvelope): Promise<void>;
  emit(event: AgentEvent): Promise<void>;
}

export interface NodePlatform extends AgentPlatform {
  /** runs the going-away listeners (the process is shutting down) */
  goAway(): void;
}

/** A DOMException-like error, as getUserMedia rejects with. */
function deviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

async function packetsReceived(pc: RTCPeerConnection): Promise<number> {
  let received = 0;
  (await pc.getStats()).forEach((stat: { type?: string; kind?: string; packetsReceived?: number }) => {
    if (stat.type === 'inbound-rtp' && stat.kind === 'audio') received += stat.packetsReceived ?? 0;
  });
  return received;
}

export function nodePlatform(options: NodePlatformOptions): NodePlatform {
  const { wrtc } = options;
  let pcm: WavPcm | undefined;
  const goingAway: (() => void)[] = [];
  return {
    runtime: 'node',
    signal: options.signal,
    emit: options.emit,
    async openDevice(kind) {
      if (kind === 'video') throw deviceError('NotFoundError', 'a Node peer has no camera');
      pcm ??= readWavPcm(readFileSync(options.mediaPath), options.mediaPath);
      return new WavMicrophone(wrtc, pcm).track;
    },
    newMediaStream: () => new wrtc.MediaStream(),
    newPeerConnection: (config) => new wrtc.RTCPeerConnection(config),
    playRemote({ pc, track }, onFirstPacket) {
      const sink = new wrtc.nonstandard.RTCAudioSink(track);
      // Pulling is what plays the audio out; the frames themselves are not needed.
      sink.ondata = () => {};
      let stopped = false;
      const poll = async (): Promise<void> => {
        while (!stopped && pc.connectionState !== 'closed') {
          if ((await packetsReceived(pc).catch(() => 0)) > 0) {
            onFirstPacket();
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, FIRST_PACKET_POLL_MS));
        }
      };
      void poll();
      return {
        stop() {
          stopped = true;
          sink.stop();
        },
      };
    },
    onGoingAway(listener) {
      goingAway.push(listener);
    },
    goAway() {
      for (const listener of goingAway) listener();
    },
    async importTeamModule(module: TeamModule) {
      const path = options.teamModules[module];
      if (!path) throw new Error(`no ${module} module was given`);
      return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    },
  };
}
