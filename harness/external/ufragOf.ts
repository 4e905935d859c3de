/**
 * The ICE username fragment of an SDP (node side). A team's agent console may hold several
 * peer connections; the one that carried a call is the one whose local description has the
 * ufrag of the business's accept offer, so this is how an observed connection is matched to
 * a call.
 */

const UFRAG_LINE = 'a=ice-ufrag:';

/**
 * @param sdp a session description's text
 * @returns the first `a=ice-ufrag` value (session or media level; with BUNDLE every m-line
 *   carries the same one), or undefined when the SDP has none
 */
export function ufragOf(sdp: string): string | undefined {
  for (const rawLine of sdp.split('\n')) {
    const line = rawLine.trim();
    if (!line.startsWith(UFRAG_LINE)) continue;
    const value = line.slice(UFRAG_LINE.length).trim();
    if (value) return value;
  }
  return undefined;
}
