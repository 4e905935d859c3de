/**
 * An SDP split into its session part and its media sections (one per m-line), as lines without
 * their CRLF. The edge edits werift's answer and writes Meta's offers section by section; a
 * whole-text regex would edit every m-line alike.
 */
export interface SdpSections {
  /** from v= up to the first m= line */
  session: string[];
  /** each starts with its m= line */
  media: string[][];
}

export function splitSdp(sdp: string): SdpSections {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  const out: SdpSections = { session: [], media: [] };
  for (const line of lines) {
    if (line.startsWith('m=')) out.media.push([line]);
    else if (out.media.length) out.media[out.media.length - 1]!.push(line);
    else out.session.push(line);
  }
  return out;
}

/** the SDP text: CRLF after every line, as RFC 8866 asks */
export function joinSdp(sections: SdpSections): string {
  return [...sections.session, ...sections.media.flat()].map((line) => `${line}\r\n`).join('');
}

/** the value of the first `a=name:value` (or `a=name`) among the lines; undefined = absent */
export function attribute(lines: string[], name: string): string | undefined {
  for (const line of lines) {
    if (line === `a=${name}`) return '';
    if (line.startsWith(`a=${name}:`)) return line.slice(name.length + 3);
  }
  return undefined;
}
