/**
 * Meta's own offers on an answered business leg: the renegotiation offer of accept and the
 * offer of a media_update webhook. Both move the consumer's audio to a new send-only m-line
 * with a new SSRC ([APX]: mid 0 becomes recvonly, mid 1 is a new sendonly Meta track, BUNDLE
 * 0 1). Written from the edge's answer, so ICE credentials, fingerprint, candidates, payload
 * types and extmap ids stay those already agreed: no ICE or DTLS restart. The business applies
 * the offer and never answers it, so the edge starts sending on the new line by itself.
 */
import { joinSdp, splitSdp } from './sdpSections.ts';

export interface MetaSendLine {
  /** its mid: "1", "2", … */
  mid: string;
  /** the SSRC the edge writes the consumer's audio with on this line */
  ssrc: number;
}

export interface MetaOfferOptions {
  /** the o= version of this offer (the answer's + 1, then + 1 per offer) */
  version: number;
  /** the edge's send-only lines, oldest first; the last one carries the audio, older ones become inactive */
  sendLines: MetaSendLine[];
  /** the a=ssrc cname and a=msid stream id of the edge's audio */
  cname: string;
}

export function metaOfferSdp(answerSdp: string, opts: MetaOfferOptions): string {
  const sdp = splitSdp(answerSdp);
  const base = sdp.media[0];
  if (!base) throw new Error('metaOfferSdp: the answer has no m-line');
  const mid0 = base.find((line) => line.startsWith('a=mid:'))!.slice('a=mid:'.length);
  const mids = [mid0, ...opts.sendLines.map((line) => line.mid)];
  sdp.session = sdp.session.map((line) => {
    if (line.startsWith('o=')) return line.replace(/^(o=\S+ \S+ )\d+/, `$1${opts.version}`);
    if (line.startsWith('a=group:BUNDLE')) return `a=group:BUNDLE ${mids.join(' ')}`;
    return line;
  });
  // without ssrc, msid and direction: each line gets its own below
  const common = base.filter((line) => !/^a=(ssrc|ssrc-group|msid|mid|sendrecv|sendonly|recvonly|inactive)(:|$)/.test(line));
  const section = (mid: string, direction: string, ssrc?: number) => {
    const lines = [...common, `a=mid:${mid}`, `a=${direction}`];
    if (ssrc === undefined) return lines;
    const track = `edge-audio-${mid}`;
    return [...lines, `a=msid:${opts.cname} ${track}`, `a=ssrc:${ssrc} cname:${opts.cname}`, `a=ssrc:${ssrc} msid:${opts.cname} ${track}`];
  };
  const last = opts.sendLines.length - 1;
  sdp.media = [section(mid0, 'recvonly'), ...opts.sendLines.map((line, i) => (i === last ? section(line.mid, 'sendonly', line.ssrc) : section(line.mid, 'inactive')))];
  return joinSdp(sdp);
}
