/**
 * The platform's own check of a business offer before the media edge sees it: the text must
 * parse as SDP (v= first, every line `<letter>=<value>`, an o= and at least one m= line) and
 * offer Opus on an audio m-line (Messenger calling supports Opus only [D]). Returns the
 * problem in words, or null.
 */
export type SdpProblem = { kind: 'invalidSdp' | 'offerWithoutOpus'; detail: string };

export function checkSdpOffer(sdp: string): SdpProblem | null {
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== 'v=0') return { kind: 'invalidSdp', detail: 'session.sdp must start with the line v=0' };
  const bad = lines.findIndex((l) => !/^[a-z]=./.test(l));
  if (bad >= 0) return { kind: 'invalidSdp', detail: `session.sdp line ${bad + 1} is not <letter>=<value>: ${JSON.stringify(lines[bad]!.slice(0, 40))}` };
  if (!lines.some((l) => l.startsWith('o='))) return { kind: 'invalidSdp', detail: 'session.sdp has no o= line' };
  const sections = splitMedia(lines);
  if (sections.length === 0) return { kind: 'invalidSdp', detail: 'session.sdp has no m= line' };
  const audio = sections.filter((s) => s.media === 'audio');
  if (audio.length === 0) return { kind: 'offerWithoutOpus', detail: 'session.sdp has no audio m-line' };
  const withOpus = audio.some((s) => s.lines.some((l) => /^a=rtpmap:(\d+) opus\/48000/i.test(l) && s.formats.includes(l.split(/[: ]/)[1]!)));
  if (!withOpus) return { kind: 'offerWithoutOpus', detail: 'session.sdp offers no opus/48000 payload type on its audio m-line' };
  return null;
}

function splitMedia(lines: string[]): { media: string; formats: string[]; lines: string[] }[] {
  const out: { media: string; formats: string[]; lines: string[] }[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) {
      const [media = '', , , ...formats] = line.slice(2).split(' ');
      out.push({ media, formats, lines: [] });
    } else out.at(-1)?.lines.push(line);
  }
  return out;
}

/** The o= line's session id (second field), or null. */
export function sdpSessionId(sdp: string): string | null {
  const m = /^o=\S+ (\S+) /m.exec(sdp);
  return m ? (m[1] as string) : null;
}
