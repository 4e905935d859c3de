/**
 * The media edge as an external business sees it (node side): every SDP the platform hands the
 * business (the accept answer, Meta's renegotiation offer, media_update offers) names a relay
 * front instead of the edge, so the team's client — which knows nothing of callsoak's TURN
 * relay — still sends its media through it, impaired and counted as the business's legs
 * (harness/relay: fronts). One front per call, opened on the call's first business SDP.
 */
import type { MediaEdge, MediaEdgeWithMedia } from '../platform/mediaEdge.ts';
import type { Relay } from '../relay/startRelay.ts';
import { edgeAddressInSdp, readdressSdp, type UdpAddress } from './edgeAddressInSdp.ts';

/**
 * The call's relay state (and so its seed key) exists before any business SDP: the consumer's
 * relay credentials were made with it when the consumer joined.
 */
export function frontedMediaEdge(edge: MediaEdgeWithMedia, relay: Pick<Relay, 'openFront'>): MediaEdgeWithMedia {
  const fronts = new Map<string, Promise<{ edge: UdpAddress; front: UdpAddress }>>();
  const front = async (callId: string, sdp: string): Promise<string> => {
    const address = edgeAddressInSdp(sdp);
    if (!address) return sdp;
    let opened = fronts.get(callId);
    if (!opened) {
      opened = relay.openFront(callId, 'business', address).then((f) => ({ edge: address, front: f }));
      fronts.set(callId, opened);
    }
    const { edge: from, front: to } = await opened;
    return readdressSdp(sdp, from, to);
  };
  const answer: MediaEdge['answer'] = async (offerSdp, callId, opts) => {
    const answered = await edge.answer(offerSdp, callId, opts);
    return {
      answer: await front(callId, answered.answer),
      ...(answered.renegotiation ? { renegotiation: await front(callId, answered.renegotiation) } : {}),
    };
  };
  return {
    answer,
    consumerOffer: async (callId, version) => front(callId, await edge.consumerOffer(callId, version)),
    release: (callId) => {
      fronts.delete(callId);
      edge.release?.(callId);
    },
    answerConsumer: (callId, offerSdp) => edge.answerConsumer(callId, offerSdp),
    report: (callId) => edge.report(callId),
    close: () => edge.close(),
  };
}
