/**
 * When the first audio packet from the consumer arrived, for the Node console: getStats is
 * polled until an inbound-rtp audio report counts a packet (libwebrtc in Node never fires
 * `unmute` on a remote track). The time is the poll's, at most POLL_MS after the packet, so
 * never before it. The page console does the same in the page (public/agent.js).
 */

/** ms between polls */
const POLL_MS = 50;

/**
 * @param {RTCPeerConnection} pc
 * @returns {{ at: number | null, stop(): void }} `at`: ms since the epoch, null until a packet arrived
 */
export function watchFirstAudio(pc) {
  const watch = { at: /** @type {number | null} */ (null), stop: () => clearInterval(timer) };
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || watch.at !== null) return;
    if (pc.connectionState === 'closed' || pc.signalingState === 'closed') return watch.stop();
    busy = true;
    try {
      let received = 0;
      (await pc.getStats()).forEach((/** @type {any} */ s) => {
        if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.mediaType === 'audio')) received += s.packetsReceived ?? 0;
      });
      if (received > 0 && watch.at === null) {
        watch.at = Date.now();
        watch.stop();
      }
    } catch {
      // the connection closed under the poll: nothing more will arrive
    } finally {
      busy = false;
    }
  }, POLL_MS);
  return watch;
}
