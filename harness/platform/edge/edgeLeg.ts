/**
 * One leg of a call at the edge: a werift peer connection answering one peer's offer the way
 * Meta's edge answers (ICE-lite, passive DTLS, BUNDLE, loopback host candidate, complete SDP).
 * werift does ICE, DTLS and SRTP; the edge reads the decrypted RTP from the leg's transport and
 * writes its own packets through it (werift's RTP sender would force one payload type and
 * cannot send on a line whose answer never comes). werift's receivers still send their
 * receiver reports, so each peer measures its RTT to the edge.
 */
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, useAudioLevelIndication, useSdesMid, type RtpPacket } from 'werift';
import { EDGE_HOST, edgeAnswerSdp } from './edgeAnswerSdp.ts';
import { negotiatedMedia, type NegotiatedMedia } from './negotiatedMedia.ts';

export type EdgeLegName = 'consumer' | 'business';

/** how long the edge waits for werift to gather its (one, loopback) candidate, ms */
const GATHER_TIMEOUT_MS = 5_000;

export interface EdgeLegOptions {
  /** which side of the call this leg faces */
  name: EdgeLegName;
  /** the peer's offer (Chromium's: trickle, candidates or not; the edge needs none) */
  offerSdp: string;
  /** the Opus a=fmtp the answer announces; undefined = werift's */
  opusFmtp?: string;
  /** ms since the Unix epoch */
  clock: () => number;
  /** each RTP packet the peer sent, decrypted, with its arrival time (ms since the Unix epoch) */
  onRtp: (packet: RtpPacket, atMs: number) => void;
}

export interface EdgeLeg {
  /** which side of the call this leg faces */
  readonly name: EdgeLegName;
  /** the complete answer handed to the peer */
  readonly answerSdp: string;
  /** what that answer agreed (payload types, extmap ids, the edge's SSRC on mid 0) */
  readonly media: NegotiatedMedia;
  /** the last STUN request or RTP packet from the peer, or the answer's time if none yet; ms since the Unix epoch */
  readonly lastHeardAtMs: number;
  /** true once DTLS is up: packets can be written */
  readonly connected: boolean;
  /** writes one RTP packet to the peer (SRTP by werift); false = not connected, nothing sent */
  send(header: RtpHeader, payload: Buffer): boolean;
  close(): Promise<void>;
}

/** what the edge offers to agree: Opus, and telephone-event beside it so DTMF can pass in RTP */
function edgeCodecs(opusFmtp: string | undefined): RTCRtpCodecParameters[] {
  return [
    new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48_000, channels: 2, payloadType: 111, parameters: opusFmtp ?? 'minptime=10;useinbandfec=1' }),
    new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48_000, channels: 1, payloadType: 110 }),
    new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8_000, channels: 1, payloadType: 126 }),
  ];
}

export async function openEdgeLeg(opts: EdgeLegOptions): Promise<EdgeLeg> {
  let lastHeardAtMs = opts.clock();
  const pc = new RTCPeerConnection({
    iceLite: true,
    bundlePolicy: 'max-bundle',
    // no interface scan (it would announce non-loopback hosts); only 127.0.0.1, bound there
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [EDGE_HOST],
    iceInterfaceAddresses: { udp4: EDGE_HOST },
    codecs: { audio: edgeCodecs(opts.opusFmtp) },
    headerExtensions: { audio: [useSdesMid(), useAudioLevelIndication()] },
    // called for every STUN binding request the peer sends: the leg's STUN liveness
    iceFilterStunResponse: () => {
      lastHeardAtMs = opts.clock();
      return true;
    },
  });
  try {
    // added before the offer is applied, or werift answers recvonly
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    await pc.setRemoteDescription({ type: 'offer', sdp: opts.offerSdp });
    const draft = await pc.createAnswer();
    // werift writes a=setup:active; passive makes it the DTLS server, as Meta's edge is
    await pc.setLocalDescription({ type: 'answer', sdp: draft.sdp.replace(/a=setup:active/g, 'a=setup:passive') });
    await gathered(pc);
    for (const transport of pc.dtlsTransports) {
      transport.onRtp.subscribe((packet) => {
        lastHeardAtMs = opts.clock();
        opts.onRtp(packet, lastHeardAtMs);
      });
    }
    const answerSdp = edgeAnswerSdp(pc.localDescription!.sdp, { offerSdp: opts.offerSdp, opusFmtp: opts.opusFmtp });
    const media = negotiatedMedia(answerSdp);
    return {
      name: opts.name,
      answerSdp,
      media,
      get lastHeardAtMs() {
        return lastHeardAtMs;
      },
      get connected() {
        return pc.dtlsTransports[0]?.state === 'connected';
      },
      send(header, payload) {
        const transport = pc.dtlsTransports[0];
        if (transport?.state !== 'connected') return false;
        void transport.sendRtp(payload, header);
        return true;
      },
      close: () => pc.close(),
    };
  } catch (error) {
    await pc.close().catch(() => undefined);
    throw error;
  }
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the edge gathered no candidate within ${GATHER_TIMEOUT_MS} ms`));
    }, GATHER_TIMEOUT_MS);
    const { unSubscribe: unsubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
