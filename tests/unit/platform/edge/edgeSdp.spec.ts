/**
 * The edge's SDP, without a browser: werift's answer as the edge hands it out (edgeAnswerSdp),
 * Meta's offers written from it (metaOfferSdp), and what the edge reads back (negotiatedMedia).
 */
import { test, expect } from '@playwright/test';
import { edgeAnswerSdp, META_OPUS_FMTP } from '../../../../harness/platform/edge/edgeAnswerSdp.ts';
import { metaOfferSdp } from '../../../../harness/platform/edge/metaOfferSdp.ts';
import { negotiatedMedia } from '../../../../harness/platform/edge/negotiatedMedia.ts';
import { splitSdp } from '../../../../harness/platform/edge/sdpSections.ts';
import { CHROMIUM_OFFER } from './support/chromiumOffer.ts';

/** werift's answer to CHROMIUM_OFFER as it writes it (a=setup:active, ice-lite per m-line, every host address) */
const WERIFT_ANSWER = [
  'v=0',
  'o=- 14938492 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic:WMS *',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 110 126',
  'c=IN IP4 0.0.0.0',
  'a=candidate:626da4e5 1 udp 2116026367 127.0.0.1 49815 typ host generation 0 ufrag 41be',
  'a=candidate:32b1715d 1 udp 2116026367 192.0.2.2 60775 typ host generation 0 ufrag 41be',
  'a=end-of-candidates',
  'a=ice-ufrag:41be',
  'a=ice-pwd:966e58526887a59f947379',
  'a=ice-lite',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 A6:AE:1C:8C:22:25:DE:08:10:3A:4D:F5:FE:2C:40:3D:8F:C6:3F:DD:12:F0:DD:FE:CB:9A:90:0F:F7:18:64:1C',
  'a=setup:active',
  'a=sendrecv',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=rtcp-mux',
  'a=ssrc:2552439959 cname:0016a9d7',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  '',
].join('\r\n');

test('the edge answer: ice-lite once at session level, passive, loopback candidate only, no trickle, o= from the offer', () => {
  const answer = edgeAnswerSdp(WERIFT_ANSWER, { offerSdp: CHROMIUM_OFFER, opusFmtp: META_OPUS_FMTP });
  const { session, media } = splitSdp(answer);
  expect(session).toContain('a=ice-lite');
  expect(session[1]).toBe('o=- 5192982432238190773 3 IN IP4 127.0.0.1');
  expect(media[0]).not.toContain('a=ice-lite');
  expect(answer).not.toContain('trickle');
  expect(media[0]).toContain('a=setup:passive');
  expect(media[0]!.filter((l) => l.startsWith('a=candidate:'))).toEqual(['a=candidate:626da4e5 1 udp 2116026367 127.0.0.1 49815 typ host generation 0 ufrag 41be']);
  expect(media[0]![0]).toBe('m=audio 49815 UDP/TLS/RTP/SAVPF 111 110 126');
  expect(media[0]).toContain('c=IN IP4 127.0.0.1');
  expect(media[0]).toContain(`a=fmtp:111 ${META_OPUS_FMTP}`);
  expect(answer.endsWith('\r\n')).toBe(true);
  expect(answer).not.toMatch(/[^\r]\n/);
});

test('negotiatedMedia reads the payload types, extmap ids, mid and the edge SSRC of an answer', () => {
  const media = negotiatedMedia(edgeAnswerSdp(WERIFT_ANSWER, { offerSdp: CHROMIUM_OFFER }));
  expect(media).toEqual({ mid: '0', opusPt: 111, telephoneEventPt: new Map([[48_000, 110], [8_000, 126]]), midExtId: 4, audioLevelExtId: 1, ssrc: 2552439959 });
  expect(() => negotiatedMedia('v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n')).toThrow(/no Opus/);
});

test("Meta's renegotiation offer: BUNDLE 0 1, mid 0 recvonly, a new sendonly mid 1 with its SSRC, the same ICE and DTLS", () => {
  const answer = edgeAnswerSdp(WERIFT_ANSWER, { offerSdp: CHROMIUM_OFFER });
  const offer = metaOfferSdp(answer, { version: 4, sendLines: [{ mid: '1', ssrc: 1234 }], cname: 'edge-x' });
  const { session, media } = splitSdp(offer);
  expect(session).toContain('a=group:BUNDLE 0 1');
  expect(session[1]).toBe('o=- 5192982432238190773 4 IN IP4 127.0.0.1');
  expect(media).toHaveLength(2);
  expect(media[0]).toContain('a=recvonly');
  expect(media[0]!.some((l) => l.startsWith('a=ssrc:'))).toBe(false);
  expect(media[1]).toContain('a=mid:1');
  expect(media[1]).toContain('a=sendonly');
  expect(media[1]).toContain('a=ssrc:1234 cname:edge-x');
  for (const line of ['a=ice-ufrag:41be', 'a=ice-pwd:966e58526887a59f947379', 'a=setup:passive', 'a=rtpmap:111 opus/48000/2', 'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid']) {
    expect(media[0]).toContain(line);
    expect(media[1]).toContain(line);
  }
  expect(media[1]!.find((l) => l.startsWith('a=fingerprint'))).toBe(media[0]!.find((l) => l.startsWith('a=fingerprint')));
});

test("a second Meta offer adds mid 2 and leaves mid 1 inactive", () => {
  const answer = edgeAnswerSdp(WERIFT_ANSWER, { offerSdp: CHROMIUM_OFFER });
  const offer = metaOfferSdp(answer, { version: 5, sendLines: [{ mid: '1', ssrc: 1 }, { mid: '2', ssrc: 2 }], cname: 'edge-x' });
  const { session, media } = splitSdp(offer);
  expect(session).toContain('a=group:BUNDLE 0 1 2');
  expect(media.map((m) => m.find((l) => /^a=(recvonly|sendonly|inactive)$/.test(l)))).toEqual(['a=recvonly', 'a=inactive', 'a=sendonly']);
  expect(media[2]).toContain('a=ssrc:2 cname:edge-x');
  expect(offer).not.toContain('a=ssrc:1 ');
});
