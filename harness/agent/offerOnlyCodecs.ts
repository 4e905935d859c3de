/**
 * Rewrites an offer's audio section to carry only the named codecs (runs in the page).
 * A codec name Chromium does not know is declared under a fresh payload type, so the result
 * is what a client built for another codec would send: an offer with no codec in common.
 */
export function offerOnlyCodecs(sdp: string, codecs: string[]): string {
  const trailing = sdp.endsWith('\r\n');
  const lines = (trailing ? sdp.slice(0, -2) : sdp).split('\r\n');
  const wanted = codecs.map((c) => c.toLowerCase());
  const audioStart = lines.findIndex((l) => l.startsWith('m=audio '));
  if (audioStart < 0) return sdp;
  let audioEnd = lines.findIndex((l, i) => i > audioStart && l.startsWith('m='));
  if (audioEnd < 0) audioEnd = lines.length;
  const section = lines.slice(audioStart, audioEnd);
  const known = new Map<string, string>(); // payload type → codec name
  for (const line of section) {
    const m = /^a=rtpmap:(\d+) ([^/]+)/.exec(line);
    if (m) known.set(m[1]!, m[2]!.toLowerCase());
  }
  const keep = [...known].filter(([, name]) => wanted.includes(name)).map(([pt]) => pt);
  const extra: string[] = [];
  let nextPt = 120;
  for (const name of codecs) {
    if ([...known.values()].includes(name.toLowerCase())) continue;
    while (known.has(String(nextPt))) nextPt++;
    keep.push(String(nextPt));
    extra.push(`a=rtpmap:${nextPt} ${name}/48000/2`);
    nextPt++;
  }
  const header = section[0]!.split(' ').slice(0, 3).concat(keep).join(' ');
  const body = section.slice(1).filter((l) => {
    const m = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(l);
    return !m || keep.includes(m[1]!);
  });
  const out = [...lines.slice(0, audioStart), header, ...body, ...extra, ...lines.slice(audioEnd)].join('\r\n');
  return trailing ? `${out}\r\n` : out;
}
