/**
 * Command-line flags every callsoak Chromium starts with (node side).
 */

/** Flags that keep Chromium off the network: it must only ever talk to 127.0.0.1. */
export const OFFLINE_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--metrics-recording-only',
] as const;

/**
 * @param wavPath the fake microphone; Chromium loops it for as long as the call lasts
 */
export function chromiumArgs(wavPath: string): string[] {
  return [
    // A synthetic microphone fed from our WAV. Permission stays per browser context
    // (granted or not by the harness), so no --use-fake-ui-for-media-stream: that flag
    // would accept every prompt and make permission-denied scenarios impossible.
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wavPath}`,
    // Remote audio must play for receive stats to exist (see webrtc-stats.md).
    '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection',
    ...OFFLINE_FLAGS,
  ];
}
