/**
 * What one leg's final answer settled, read from its text: the payload types the edge must
 * write towards that peer, the header-extension ids it may use, and the SSRC and mid the edge
 * announced for its own audio. The edge writes every forwarded packet itself (see edgeCall.ts),
 * so these numbers, not werift's sender, decide what goes on the wire.
 */
import { attribute, splitSdp } from './sdpSections.ts';

export interface NegotiatedMedia {
  /** the mid of the (first) audio m-line, usually "0" */
  mid: string;
  /** Opus payload type agreed with this peer */
  opusPt: number;
  /** telephone-event payload type per clock rate (Hz) agreed with this peer; empty = no DTMF in RTP */
  telephoneEventPt: Map<number, number>;
  /** extmap id of urn:ietf:params:rtp-hdrext:sdes:mid; undefined = not agreed */
  midExtId?: number;
  /** extmap id of urn:ietf:params:rtp-hdrext:ssrc-audio-level; undefined = not agreed */
  audioLevelExtId?: number;
  /** the SSRC the edge announced (a=ssrc) for its audio on that m-line; undefined = none announced */
  ssrc?: number;
}

export const SDES_MID_URI = 'urn:ietf:params:rtp-hdrext:sdes:mid';
export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

/** reads the first audio m-line of an SDP (an answer, or the offer it answers: extmap ids match) */
export function negotiatedMedia(sdp: string): NegotiatedMedia {
  const audio = splitSdp(sdp).media.find((section) => section[0]!.startsWith('m=audio'));
  if (!audio) throw new Error('negotiatedMedia: the SDP has no audio m-line');
  let opusPt: number | undefined;
  const telephoneEventPt = new Map<number, number>();
  let midExtId: number | undefined;
  let audioLevelExtId: number | undefined;
  let ssrc: number | undefined;
  for (const line of audio) {
    const rtpmap = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (rtpmap) {
      const [pt, name, rate] = [Number(rtpmap[1]), rtpmap[2]!.toLowerCase(), Number(rtpmap[3])];
      if (name === 'opus' && opusPt === undefined) opusPt = pt;
      if (name === 'telephone-event' && !telephoneEventPt.has(rate)) telephoneEventPt.set(rate, pt);
    }
    const extmap = /^a=extmap:(\d+)(?:\/\w+)? (\S+)/.exec(line);
    if (extmap?.[2] === SDES_MID_URI) midExtId = Number(extmap[1]);
    if (extmap?.[2] === AUDIO_LEVEL_URI) audioLevelExtId = Number(extmap[1]);
    const ssrcLine = /^a=ssrc:(\d+) /.exec(line);
    if (ssrcLine && ssrc === undefined) ssrc = Number(ssrcLine[1]);
  }
  if (opusPt === undefined) throw new Error('negotiatedMedia: the audio m-line has no Opus');
  return { mid: attribute(audio, 'mid') ?? '0', opusPt, telephoneEventPt, midExtId, audioLevelExtId, ssrc };
}
