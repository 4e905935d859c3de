/**
 * Loads libwebrtc for Node (Node peer process). `@roamhq/wrtc` is the maintained fork of
 * `wrtc`: the original's install script downloads its binary from outside the npm registry
 * and fails where only the registry is reachable; the fork ships its binaries as npm
 * packages. It is an optional dependency, so a machine without it still runs Chromium peers.
 */
import { createRequire } from 'node:module';

/** The parts of @roamhq/wrtc the Node peer uses (it has no type declarations). */
export interface Wrtc {
  RTCPeerConnection: new (config: RTCConfiguration) => RTCPeerConnection;
  MediaStream: new () => MediaStream;
  nonstandard: {
    RTCAudioSource: new () => {
      createTrack(): MediaStreamTrack;
      onData(frame: { samples: Int16Array; sampleRate: number; bitsPerSample: 16; channelCount: 1; numberOfFrames: number }): void;
    };
    RTCAudioSink: new (track: MediaStreamTrack) => { ondata: ((frame: unknown) => void) | null; stop(): void };
  };
}

export const WRTC_PACKAGE = '@roamhq/wrtc';

export function loadWrtc(): { wrtc: Wrtc; version: string } {
  const require = createRequire(import.meta.url);
  try {
    const wrtc = require(WRTC_PACKAGE) as Wrtc;
    const { version } = require(`${WRTC_PACKAGE}/package.json`) as { version: string };
    return { wrtc, version };
  } catch (error) {
    throw new Error(`Node peers need ${WRTC_PACKAGE} (an optional dependency): run \`npm install ${WRTC_PACKAGE}\` (${(error as Error).message.split('\n')[0]})`);
  }
}
