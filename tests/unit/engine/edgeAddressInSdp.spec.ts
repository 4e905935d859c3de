/**
 * The edge's address in its SDP, and the same SDP naming a relay front instead: on the edge's
 * real answer and renegotiation offer from an external run (one m-line; two m-lines bundled on
 * one port), on Chromium's own offer (IPv6, TCP and loopback candidates mixed), and on the
 * lines that must stay as they are.
 */
import { test, expect } from '@playwright/test';
import { edgeAddressInSdp, readdressSdp } from '../../../harness/engine/edgeAddressInSdp.ts';
import { offerInRequestBody } from '../../../harness/engine/checks/offerInRequestBody.ts';
import { externalCall } from './fixtures/externalRun.ts';

const FRONT = { host: '127.0.0.1', port: 40001 };

test("the edge's answer names its one UDP host candidate, and readdressing changes only that candidate, the m= port and the c= address", () => {
  const answer = externalCall('external-blackout').platform.edge.answer!;
  const edge = edgeAddressInSdp(answer);
  expect(edge).toEqual({ host: '127.0.0.1', port: 33425 });
  const fronted = readdressSdp(answer, edge!, FRONT);
  const before = answer.split('\r\n');
  const after = fronted.split('\r\n');
  expect(after.length).toBe(before.length);
  const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line, after[i]]]));
  expect(changed).toEqual([
    ['m=audio 33425 UDP/TLS/RTP/SAVPF 111 110 112 113 126', 'm=audio 40001 UDP/TLS/RTP/SAVPF 111 110 112 113 126'],
    // c= names the same host here, so it reads the same
    ['a=candidate:626da4e5384a0ce2d0d93678a 1 udp 2116026367 127.0.0.1 33425 typ host generation 0 ufrag 4812', 'a=candidate:626da4e5384a0ce2d0d93678a 1 udp 2116026367 127.0.0.1 40001 typ host generation 0 ufrag 4812'],
  ]);
  // the o= line and a=rtcp:9 keep their addresses; the fronted answer points at the front
  expect(fronted).toContain('o=- 4409625044406183989 3 IN IP4 127.0.0.1\r\n');
  expect(fronted).toContain('a=rtcp:9 IN IP4 0.0.0.0\r\n');
  expect(edgeAddressInSdp(fronted)).toEqual(FRONT);
});

test("Meta's renegotiation offer: both bundled m-lines move to the front, and LF line ends stay LF", () => {
  const offer = externalCall('external-renegotiation').platform.edge.renegotiation!.replace(/\r\n/g, '\n');
  const edge = edgeAddressInSdp(offer)!;
  expect(edge).toEqual({ host: '127.0.0.1', port: 53051 });
  const fronted = readdressSdp(offer, edge, { host: '127.0.0.2', port: 40002 });
  expect(fronted.match(/^m=audio \d+/gm)).toEqual(['m=audio 40002', 'm=audio 40002']);
  expect(fronted.match(/^c=.*$/gm)).toEqual(['c=IN IP4 127.0.0.2', 'c=IN IP4 127.0.0.2']);
  expect(fronted.match(/^a=candidate:.*$/gm)).toEqual([
    'a=candidate:626da4e5384a0ce2d0d93678a 1 udp 2116026367 127.0.0.2 40002 typ host generation 0 ufrag 5fd6',
    'a=candidate:626da4e5384a0ce2d0d93678a 1 udp 2116026367 127.0.0.2 40002 typ host generation 0 ufrag 5fd6',
  ]);
  expect(fronted.split('\n').length).toBe(offer.split('\n').length);
  expect(fronted).not.toContain('\r');
  expect(fronted).not.toContain('53051');
});

test("Chromium's offer: the first UDP host candidate wins, TCP candidates are passed over, and only the candidate that named the edge changes", () => {
  const accept = externalCall('external-blackout').platform.requests.find((r) => r.action === 'accept')!;
  const offer = offerInRequestBody(accept.body)!;
  // Chromium lists its IPv6 UDP host candidate first
  expect(edgeAddressInSdp(offer)).toEqual({ host: 'fd00::2', port: 33070 });
  const withoutUdp = offer.split('\r\n').filter((l) => !/^a=candidate:\S+ 1 udp /.test(l)).join('\r\n');
  expect(withoutUdp).toContain(' tcp 1518285567 fd00::2 58541 typ host tcptype passive');
  expect(edgeAddressInSdp(withoutUdp)).toBeUndefined();
  // the loopback candidate is readdressed; the m= port (38562) and c= (192.0.2.2) named another one and stay
  const fronted = readdressSdp(offer, { host: '127.0.0.1', port: 41365 }, FRONT);
  expect(fronted).toContain('a=candidate:1510613869 1 udp 2122063615 127.0.0.1 40001 typ host generation 0 network-id 3\r\n');
  expect(fronted).toContain('m=audio 38562 UDP/TLS/RTP/SAVPF');
  expect(fronted).toContain('c=IN IP4 192.0.2.2\r\n');
  expect(fronted).toContain('a=candidate:3229573512 1 udp 2122194687 192.0.2.2 38562 typ host generation 0 network-id 1\r\n');
});

test('no host candidate, no edge address: a relayed or reflexive candidate is not the edge, and the SDP is left alone', () => {
  const sdp = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=candidate:1 1 udp 41885439 127.0.0.1 50000 typ relay raddr 0.0.0.0 rport 0', 'a=candidate:2 1 UDP 1686052607 203.0.113.7 50001 typ srflx raddr 10.0.0.2 rport 50001', ''].join('\n');
  expect(edgeAddressInSdp(sdp)).toBeUndefined();
  expect(edgeAddressInSdp('')).toBeUndefined();
  expect(edgeAddressInSdp(sdp.replace('typ srflx', 'typ host'))).toEqual({ host: '203.0.113.7', port: 50001 });
  // an address found nowhere changes nothing, including the upper-case UDP of a candidate on the same host but another port
  expect(readdressSdp(sdp, { host: '203.0.113.7', port: 50002 }, FRONT)).toBe(sdp);
});
