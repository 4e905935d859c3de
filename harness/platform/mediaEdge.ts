/**
 * What the platform asks of its media edge (built separately): an SDP answer to a business
 * offer, and the offers Meta sends on its own (the renegotiation after accept, the media_update
 * after the consumer picks up). `simpleMediaEdge` is a text-only edge for tests: an ICE-lite,
 * passive, Opus-111-only answer that copies the offer's o= session id with version +1, like
 * Meta's sample [APX]; it opens no sockets.
 */
import { sdpSessionId } from './checkSdpOffer.ts';
import type { EdgeStreamGaps } from '../results/edgeStreamGaps.ts';

export type { EdgeStreamGaps };

export interface EdgeAnswer {
  answer: string;
  /** Meta's renegotiation offer: the business applies it and never returns its answer */
  renegotiation?: string;
}

export interface MediaEdge {
  /**
   * An answer to a (checked) business offer; `renegotiate` asks for Meta's renegotiation offer
   * too (mid 0 becomes recvonly, a new send-only m-line carries the consumer's audio).
   */
  answer(offerSdp: string, callId: string, opts?: { renegotiate?: boolean }): Promise<EdgeAnswer> | EdgeAnswer;
  /** Meta's offer in a media_update webhook (consumer picked up or changed media). */
  consumerOffer(callId: string, version: number): Promise<string> | string;
  /** The call ended; free its media. */
  release?(callId: string): void;
}

/** What the edge saw of one call. Times are ms since the Unix epoch. */
export interface EdgeCallReport {
  /** RTP packets the edge received from each side, and forwarded to the other */
  received: { consumer: number; business: number };
  forwarded: { toBusiness: number; toConsumer: number };
  /** the first consumer audio packet sent towards the business; null = none */
  firstAudioToBusinessAtMs: number | null;
  /** RFC 4733 events the edge decoded from the consumer's RTP (it terminates SRTP) */
  dtmf: { digit: string; startedAtMs: number; durationMs: number }[];
  /** every way this edge differs from Meta's documented edge */
  differences: string[];
  /**
   * packets received and not forwarded, by reason (an edge with media fills it; optional so a
   * text-only edge has nothing to invent): without it `received − forwarded` has no explanation
   */
  dropped?: {
    consumerBeforeBusiness: number;
    businessBeforeConsumer: number;
    notConnected: number;
    unknownPayloadType: number;
    dtmfNotAgreed: number;
  };
  /**
   * how long the edge held each forwarded packet (decrypted → encrypted copy to the socket), µs;
   * optional like `dropped`: it is how bench/edge-forwarding.ts sees the edge's own share of the
   * latency it adds, apart from the extra network hop
   */
  holdTime?: { count: number; p50Us: number; p99Us: number; maxUs: number };
  /**
   * every stream the edge wrote towards a receiver, with where it has holes: what the relay's
   * drops on the receiver's down leg cannot show (a packet lost before the edge never reaches
   * that leg). Optional like `dropped`: a text-only edge forwards nothing.
   */
  streams?: EdgeStreamGaps[];
}

/**
 * An edge that carries media: the consumer app's own leg (internal to the platform, not part
 * of the documented API), what it forwarded, and its end.
 */
export interface MediaEdgeWithMedia extends MediaEdge {
  /** The consumer app's leg: the edge's complete answer to the consumer's offer. */
  answerConsumer(callId: string, offerSdp: string): Promise<string>;
  report(callId: string): Promise<EdgeCallReport>;
  close(): Promise<void>;
}

export function simpleMediaEdge(opts: { renegotiate?: boolean } = {}): MediaEdge {
  const audio = (dir: string, mid: number) =>
    [`m=audio 40007 UDP/TLS/RTP/SAVPF 111`, 'c=IN IP4 127.0.0.1', `a=mid:${mid}`, `a=${dir}`, 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 maxaveragebitrate=20000;maxplaybackrate=16000;minptime=10;usedtx=1;useinbandfec=1', 'a=setup:passive', 'a=candidate:1 1 udp 2130706431 127.0.0.1 40007 typ host'];
  const session = (id: string, version: number, mids: number[]) =>
    ['v=0', `o=- ${id} ${version} IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=ice-lite', `a=group:BUNDLE ${mids.join(' ')}`, 'a=ice-ufrag:edge', 'a=ice-pwd:edgeedgeedgeedgeedgeedge', 'a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF'];
  return {
    answer(offerSdp) {
      const id = sdpSessionId(offerSdp) ?? '1';
      const answer = [...session(id, 3, [0]), ...audio('sendrecv', 0)].join('\r\n') + '\r\n';
      if (!opts.renegotiate) return { answer };
      const renegotiation = [...session(id, 4, [0, 1]), ...audio('recvonly', 0), ...audio('sendonly', 1)].join('\r\n') + '\r\n';
      return { answer, renegotiation };
    },
    consumerOffer(callId, version) {
      return [...session(String(1000 + version), version, [0]), ...audio('sendrecv', 0)].join('\r\n') + '\r\n';
    },
  };
}
