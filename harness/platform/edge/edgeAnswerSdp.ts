/**
 * Turns werift's answer into the edge's: what Meta's sample answer [APX] shows of the edge, as
 * far as werift's SDP differs. Applied twice: once before werift's own setLocalDescription
 * (only `a=setup:passive` matters then: werift takes the DTLS server role from it), and once on
 * the final text, after gathering, for the answer handed out.
 */
import { sdpSessionId } from '../checkSdpOffer.ts';
import { joinSdp, splitSdp } from './sdpSections.ts';

/** Meta's Opus parameters in its sample answer [APX]: 20 kbit/s, 16 kHz playback, DTX, in-band FEC */
export const META_OPUS_FMTP = 'maxaveragebitrate=20000;maxplaybackrate=16000;minptime=10;usedtx=1;useinbandfec=1';

/** the only address the edge announces and binds */
export const EDGE_HOST = '127.0.0.1';

export interface EdgeAnswerOptions {
  /** the offer answered: its o= session id is copied, its version + 1 becomes the answer's (as Meta does) */
  offerSdp: string;
  /** replaces the Opus a=fmtp of the answer; undefined = werift's (the consumer leg keeps Chromium's defaults) */
  opusFmtp?: string;
}

/**
 * - `a=ice-lite` once, at the session level; no `a=ice-options:trickle` (the answer is complete)
 * - `a=setup:passive` (werift writes `active`)
 * - candidates on 127.0.0.1 only; the m= port and c= name that candidate, as Meta's sample does
 * - o= copies the offer's session id with its version + 1
 */
export function edgeAnswerSdp(weriftSdp: string, opts: EdgeAnswerOptions): string {
  const sdp = splitSdp(weriftSdp);
  const offerVersion = offerSessionVersion(opts.offerSdp);
  sdp.session = sdp.session
    .filter((line) => line !== 'a=ice-lite' && line !== 'a=ice-options:trickle')
    .map((line) => (line.startsWith('o=') ? `o=- ${sdpSessionId(opts.offerSdp) ?? '1'} ${offerVersion + 1} IN IP4 ${EDGE_HOST}` : line));
  const tAt = sdp.session.findIndex((line) => line.startsWith('t='));
  sdp.session.splice(tAt + 1, 0, 'a=ice-lite');
  sdp.media = sdp.media.map((section) => {
    const port = loopbackPort(section);
    const opusPt = /^a=rtpmap:(\d+) opus\//i.exec(section.find((line) => /^a=rtpmap:\d+ opus\//i.test(line)) ?? '')?.[1];
    return section
      .filter((line) => line !== 'a=ice-lite' && line !== 'a=ice-options:trickle')
      .filter((line) => !line.startsWith('a=candidate:') || isLoopbackUdp(line))
      .map((line) => {
        if (line.startsWith('a=setup:')) return 'a=setup:passive';
        if (line.startsWith('m=') && port !== undefined) return line.replace(/^(m=\S+ )\d+/, `$1${port}`);
        if (line.startsWith('c=') && port !== undefined) return `c=IN IP4 ${EDGE_HOST}`;
        if (opts.opusFmtp && opusPt && line.startsWith(`a=fmtp:${opusPt} `)) return `a=fmtp:${opusPt} ${opts.opusFmtp}`;
        return line;
      });
  });
  return joinSdp(sdp);
}

/** the offer's o= version; 0 when it has none that parses */
export function offerSessionVersion(sdp: string): number {
  const match = /^o=\S+ \S+ (\d+) /m.exec(sdp);
  return match ? Number(match[1]) : 0;
}

function isLoopbackUdp(candidate: string): boolean {
  const fields = candidate.split(' ');
  return fields[2]?.toLowerCase() === 'udp' && fields[4] === EDGE_HOST;
}

function loopbackPort(section: string[]): number | undefined {
  const candidate = section.find((line) => line.startsWith('a=candidate:') && isLoopbackUdp(line));
  return candidate ? Number(candidate.split(' ')[5]) : undefined;
}
