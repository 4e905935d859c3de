/**
 * Waits until a peer connection's ICE gathering is complete, so its local description carries
 * every candidate: the calling API takes one whole offer and has no way to trickle more.
 * Bounded: a peer whose gathering never finishes still offers what it has.
 */

/** the longest wait for gathering, ms */
const GATHER_BOUND_MS = 5_000;

/**
 * @param {RTCPeerConnection} pc after setLocalDescription(offer)
 * @returns {Promise<string>} the local description's SDP, candidates included
 */
export async function completeOffer(pc) {
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((resolve) => {
      const bound = setTimeout(done, GATHER_BOUND_MS);
      function done() {
        clearTimeout(bound);
        pc.removeEventListener('icegatheringstatechange', onState);
        pc.removeEventListener('icecandidate', onCandidate);
        resolve(undefined);
      }
      function onState() {
        if (pc.iceGatheringState === 'complete') done();
      }
      /** @param {RTCPeerConnectionIceEvent} event */
      function onCandidate(event) {
        if (!event.candidate) done();
      }
      pc.addEventListener('icegatheringstatechange', onState);
      pc.addEventListener('icecandidate', onCandidate);
    });
  }
  return /** @type {RTCSessionDescription} */ (pc.localDescription).sdp;
}
