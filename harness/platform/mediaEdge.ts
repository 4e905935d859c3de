/**
 * What the platform asks of its media edge (built separately): an SDP answer to a business
 * offer, and the offers Meta sends on its own (the renegotiation after accept, the media_update
 * after the consumer picks up). `simpleMediaEdge` is a text-only edge for tests: an ICE-lite,
 * passive, Opus-111-only answer that copies the offer's o= session id with version +1, like
 * Meta's sample [APX]; it opens no sockets.
 */
import { sdpSessionId } from './checkSdpOffer.ts';

export interface MediaEdge {
  /** An answer to a (checked) business offer; `renegotiation` is an offer the business must answer locally. */
  answer(offerSdp: string, callId: string): Promise<{ answer: string; renegotiation?: string }> | { answer: string; renegotiation?: string };
  /** Meta's offer in a media_update webhook (consumer picked up or changed media). */
  consumerOffer(callId: string, version: number): Promise<string> | string;
  /** The call ended; free its media. */
  release?(callId: string): void;
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
