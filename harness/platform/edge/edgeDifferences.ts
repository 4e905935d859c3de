/**
 * Every way this edge differs from Meta's documented edge ([APX], [OV] in
 * messenger-calling-api.md), as sentences for each call's report. Per-call facts (e.g. DTMF
 * that could not be forwarded) are added by the call itself (edgeCall.ts).
 */
export const EDGE_DIFFERENCES: readonly string[] = [
  'The edge announces one host candidate, UDP on 127.0.0.1 at a random port; Meta announces UDP on port 40007 over IPv4 and IPv6 and TCP passive on port 3478.',
  'The edge answers with telephone-event beside Opus when the offer has it, so RFC 4733 DTMF reaches the business in RTP; Meta\'s sample answer lists Opus 111 only.',
  'The edge keeps the offer\'s payload types (werift answers with the offerer\'s numbers); Meta\'s sample answer uses Opus 111.',
  'The edge forwards RTP and does not transcode: the business receives the consumer\'s Opus as the consumer encoded it, whatever the answer\'s Opus parameters say.',
  'The edge terminates RTCP per leg: its receiver reports give each peer its round-trip time to the edge, not to the other peer; no sender reports of the edge\'s own streams carry forwarded counts, and no REMB or transport-cc feedback is sent.',
  'The renegotiation and media_update offers keep a=setup:passive and the answer\'s ICE credentials, candidates and payload types, and carry no vendor lines such as a=x-fb-feature.',
  'Liveness is the edge\'s own timeout on missing STUN and RTP (werift in ICE-lite mode checks no consent); Meta\'s timeout is not documented.',
  'The relay spares DTLS handshake packets its random loss (blackouts and queues still drop them): werift\'s DTLS server sometimes failed to finish a handshake that lost a packet on a loaded machine, where Meta\'s edge would recover.',
  'There is no video: only the first audio m-line of an offer is answered with media; other m-lines are rejected or left inactive by werift.',
];
