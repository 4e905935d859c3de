/**
 * The media edge's address as an SDP names it, and the same SDP naming another address (a relay
 * front, so an external business's leg crosses the impairing relay without knowing of it). The
 * edge's SDP names one UDP host candidate per m-line, and the m= port and c= address name the
 * same (harness/platform/edge/edgeAnswerSdp.ts). Pure.
 */

export interface UdpAddress {
  host: string;
  port: number;
}

const CANDIDATE = /^a=candidate:(\S+) (\d+) (udp|UDP) (\d+) (\S+) (\d+) typ host(.*)$/;

/** The first UDP host candidate's address, or undefined when the SDP has none. */
export function edgeAddressInSdp(sdp: string): UdpAddress | undefined {
  for (const line of sdp.split(/\r?\n/)) {
    const match = CANDIDATE.exec(line);
    if (match) return { host: match[5]!, port: Number(match[6]) };
  }
  return undefined;
}

/** `sdp` with every candidate, m= port and c= address that named `from` naming `to` instead. */
export function readdressSdp(sdp: string, from: UdpAddress, to: UdpAddress): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  return sdp
    .split(/\r?\n/)
    .map((line) => {
      const candidate = CANDIDATE.exec(line);
      if (candidate && candidate[5] === from.host && Number(candidate[6]) === from.port) {
        return `a=candidate:${candidate[1]} ${candidate[2]} ${candidate[3]} ${candidate[4]} ${to.host} ${to.port} typ host${candidate[7]}`;
      }
      if (line.startsWith('m=')) {
        const fields = line.split(' ');
        if (Number(fields[1]) === from.port) fields[1] = String(to.port);
        return fields.join(' ');
      }
      if (line === `c=IN IP4 ${from.host}`) return `c=IN IP4 ${to.host}`;
      return line;
    })
    .join(eol);
}
