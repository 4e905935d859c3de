/**
 * The pure TURN core: authentication (401, 438), Allocate/Refresh/CreatePermission/ChannelBind,
 * loopback-only peers (403), lifetimes with an injected clock, data relaying both ways, and
 * malformed input counted rather than thrown.
 */
import { test, expect } from '@playwright/test';
import { frameChannelData } from '../../../harness/relay/core/channelData.ts';
import { attributeUint32, attributeValue, errorCodeOf, parseStun, StunWriter, xorAddresses } from '../../../harness/relay/core/stunMessage.ts';
import { verifyIntegrity } from '../../../harness/relay/core/stunIntegrity.ts';
import { Attr, codeOf, coreRig, MessageClass, Method, ScriptedClient } from './support/coreHarness.ts';

const peer = (port: number, address = '127.0.0.1') => (writer: StunWriter) => writer.addXorAddress(Attr.xorPeerAddress, address, port);

test('an unauthenticated Allocate gets 401 with REALM and NONCE; the signed retry gets a relayed address', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40000);
  const challenge = client.send(Method.allocate, (w) => w.add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0])), { sign: false });
  expect(codeOf(challenge)).toBe(401);
  client.learn(challenge);
  expect(client.realm).toBe('callsoak');
  expect(client.nonce).toMatch(/\S+/);

  const success = client.allocate();
  expect(codeOf(success)).toBe('success');
  expect(xorAddresses(success!, Attr.xorRelayedAddress)).toEqual([{ address: '127.0.0.1', port: 50000, family: 4 }]);
  expect(xorAddresses(success!, Attr.xorMappedAddress)).toEqual([{ address: '127.0.0.1', port: 40000, family: 4 }]);
  expect(attributeUint32(success!, Attr.lifetime)).toBe(600);
  expect(success!.hasFingerprint).toBe(true);
  const allocation = rig.core.allocations.get('127.0.0.1', 40000)!;
  expect(verifyIntegrity(success!.raw, success!.integrityOffset, allocation.key)).toBe(true);
  expect([allocation.callId, allocation.role]).toEqual(['call-1', 'consumer']);
});

test('a wrong password and an unknown user both get 401; no allocation is made', () => {
  const rig = coreRig();
  const wrong = new ScriptedClient(rig, 40001, 'alice', 'not-her-password');
  expect(codeOf(wrong.allocate())).toBe(401);
  const stranger = new ScriptedClient(rig, 40002, 'mallory', 'x');
  expect(codeOf(stranger.allocate())).toBe(401);
  expect(rig.core.allocations.size).toBe(0);
  expect(rig.sink.opening).toHaveLength(0);
});

test('a nonce older than its lifetime gets 438 with a fresh nonce, which then works', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40003);
  expect(codeOf(client.allocate())).toBe('success');
  rig.clock.now += 600_001;
  const stale = client.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 600));
  expect(codeOf(stale)).toBe(438);
  const oldNonce = client.nonce;
  client.learn(stale);
  expect(client.nonce).not.toBe(oldNonce);
  expect(codeOf(client.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 600)))).toBe('success');
});

test('a forged nonce is stale (438), and a request without USERNAME is 400', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40004);
  client.realm = 'callsoak';
  client.nonce = '0.deadbeef';
  expect(codeOf(client.allocate())).toBe(438);
  const noUser = new StunWriter(Method.allocate, MessageClass.request, Buffer.alloc(12, 1))
    .add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0]))
    .addText(Attr.realm, 'callsoak')
    .finish({ integrityKey: Buffer.alloc(16), fingerprint: true });
  client.datagram(noUser);
  expect(errorCodeOf(rig.sink.control.at(-1)!.message)?.code).toBe(400);
});

test('Allocate checks: TCP transport 442, IPv6 family 440, a second Allocate 437, a retransmission the same answer', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40005);
  client.learn(client.send(Method.allocate, () => {}, { sign: false }));
  expect(codeOf(client.send(Method.allocate, (w) => w.add(Attr.requestedTransport, Buffer.from([6, 0, 0, 0]))))).toBe(442);
  expect(codeOf(client.send(Method.allocate, (w) => w.add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0])).add(Attr.requestedAddressFamily, Buffer.from([2, 0, 0, 0]))))).toBe(440);
  expect(codeOf(client.send(Method.allocate, () => {}))).toBe(400);

  const transactionId = Buffer.alloc(12, 9);
  const build = (w: StunWriter) => w.add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0]));
  client.send(Method.allocate, build, { transactionId });
  rig.openPending();
  const first = rig.sink.control.at(-1)!.message;
  expect(codeOf(first)).toBe('success');
  const again = client.send(Method.allocate, build, { transactionId });
  expect(again?.raw.equals(first.raw)).toBe(true);
  expect(codeOf(client.send(Method.allocate, build))).toBe(437);
  expect(rig.core.allocations.size).toBe(1);
});

test('an unknown comprehension-required attribute gets 420 listing it', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40006);
  const response = client.allocate((w) => w.add(0x7777, Buffer.from([1, 2, 3, 4])));
  expect(codeOf(response)).toBe(420);
  expect(attributeValue(response!, Attr.unknownAttributes)?.readUInt16BE(0)).toBe(0x7777);
  // comprehension-optional attributes (≥ 0x8000) are ignored
  expect(codeOf(client.allocate((w) => w.add(0xc057, Buffer.from([0, 0, 0, 0]))))).toBe('success');
});

test('Refresh with LIFETIME 0 deletes the allocation and closes its relay socket', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40007);
  client.allocate();
  const response = client.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 0));
  expect(codeOf(response)).toBe('success');
  expect(attributeUint32(response!, Attr.lifetime)).toBe(0);
  expect(rig.core.allocations.size).toBe(0);
  expect(rig.sink.closed).toHaveLength(1);
  expect(codeOf(client.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 600)))).toBe(437);
});

test('allocations expire with the clock unless refreshed', () => {
  const rig = coreRig();
  const a = new ScriptedClient(rig, 40008);
  const b = new ScriptedClient(rig, 40009, 'bob', 'bob-pw');
  a.allocate();
  b.allocate();
  rig.clock.now += 500_000;
  expect(codeOf(b.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 600)))).toBe('success');
  rig.clock.now += 100_001;
  rig.core.tick(rig.clock.now);
  expect(rig.core.allocations.get('127.0.0.1', 40008)).toBeUndefined();
  expect(rig.core.allocations.get('127.0.0.1', 40009)).toBeDefined();
  expect(rig.core.counters.allocationsExpired).toBe(1);
  expect(rig.sink.closed.map((allocation) => allocation.clientPort)).toEqual([40008]);
});

test('peers outside loopback are refused with 403 (CreatePermission, ChannelBind) and Send to them is dropped', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40010);
  client.allocate();
  expect(codeOf(client.send(Method.createPermission, peer(3478, '8.8.8.8')))).toBe(403);
  expect(codeOf(client.send(Method.createPermission, (w) => { peer(5000)(w); peer(5001, '10.0.0.1')(w); }))).toBe(403);
  expect(rig.core.allocations.get('127.0.0.1', 40010)!.permissions.size).toBe(0);
  expect(codeOf(client.send(Method.channelBind, (w) => { w.addUint32(Attr.channelNumber, 0x4000 << 16); peer(3478, '192.168.1.1')(w); }))).toBe(403);
  const send = new StunWriter(Method.send, MessageClass.indication, Buffer.alloc(12, 3)).addXorAddress(Attr.xorPeerAddress, '1.2.3.4', 9).add(Attr.data, Buffer.from('hi')).finish();
  client.datagram(send);
  expect(rig.sink.toPeer).toHaveLength(0);
  expect(rig.core.counters.forbiddenPeer).toBe(4);
});

test('ChannelBind accepts 0x4000..0x7FFF only, and a number or peer already bound elsewhere is 400', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40011);
  client.allocate();
  const bind = (channel: number, port: number) => client.send(Method.channelBind, (w) => { w.addUint32(Attr.channelNumber, channel << 16); peer(port)(w); });
  expect(codeOf(bind(0x3fff, 6000))).toBe(400);
  expect(codeOf(bind(0x8000, 6000))).toBe(400);
  expect(codeOf(bind(0x4000, 6000))).toBe('success');
  expect(codeOf(bind(0x7fff, 6001))).toBe('success');
  expect(codeOf(bind(0x4000, 6002))).toBe(400);
  expect(codeOf(bind(0x4001, 6000))).toBe(400);
  expect(codeOf(bind(0x4000, 6000))).toBe('success'); // a refresh of the same binding
});

test('data flows both ways: ChannelData and Send out, ChannelData or Data indication back, only with a permission', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40012);
  client.allocate();
  const allocation = rig.core.allocations.get('127.0.0.1', 40012)!;

  // without a permission nothing passes either way
  rig.core.handlePeerDatagram(allocation, Buffer.from('early'), '127.0.0.1', 7000, rig.clock.now);
  expect(rig.sink.toClient).toHaveLength(0);
  expect(rig.core.counters.noPermission).toBe(1);

  expect(codeOf(client.send(Method.createPermission, peer(7000)))).toBe('success');
  client.datagram(new StunWriter(Method.send, MessageClass.indication, Buffer.alloc(12, 4)).addXorAddress(Attr.xorPeerAddress, '127.0.0.1', 7000).add(Attr.data, Buffer.from('via send')).finish());
  expect(rig.sink.toPeer.map((p) => [p.port, p.payload.toString()])).toEqual([[7000, 'via send']]);

  // a peer without a channel comes back as a Data indication
  rig.core.handlePeerDatagram(allocation, Buffer.from('reply-1'), '127.0.0.1', 7000, rig.clock.now);
  const indication = parseStun(rig.sink.toClient[0]!.framed);
  expect(indication.ok && indication.message.method === Method.data && indication.message.cls === MessageClass.indication).toBe(true);
  if (indication.ok) {
    expect(attributeValue(indication.message, Attr.data)?.toString()).toBe('reply-1');
    expect(xorAddresses(indication.message, Attr.xorPeerAddress)[0]).toEqual({ address: '127.0.0.1', port: 7000, family: 4 });
  }
  expect(rig.sink.toClient[0]!.framed.subarray(rig.sink.toClient[0]!.payloadOffset).subarray(0, 7).toString()).toBe('reply-1');

  expect(codeOf(client.send(Method.channelBind, (w) => { w.addUint32(Attr.channelNumber, 0x4005 << 16); peer(7000)(w); }))).toBe('success');
  client.datagram(frameChannelData(0x4005, Buffer.from('via channel')));
  expect(rig.sink.toPeer.at(-1)!.payload.toString()).toBe('via channel');
  rig.core.handlePeerDatagram(allocation, Buffer.from('reply-2'), '127.0.0.1', 7000, rig.clock.now);
  const framed = rig.sink.toClient.at(-1)!;
  expect(framed.framed.readUInt16BE(0)).toBe(0x4005);
  expect(framed.framed.subarray(framed.payloadOffset).toString()).toBe('reply-2');
});

test('permissions lapse after 300 s and channel bindings after 600 s', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40013);
  client.allocate();
  const allocation = rig.core.allocations.get('127.0.0.1', 40013)!;
  client.send(Method.channelBind, (w) => { w.addUint32(Attr.channelNumber, 0x4010 << 16); peer(7100)(w); });
  client.send(Method.refresh, (w) => w.addUint32(Attr.lifetime, 3600));

  rig.clock.now += 299_000;
  client.datagram(frameChannelData(0x4010, Buffer.from('a')));
  expect(rig.sink.toPeer).toHaveLength(1);
  rig.clock.now += 2_000; // permission (300 s) gone, channel (600 s) still bound
  client.datagram(frameChannelData(0x4010, Buffer.from('b')));
  rig.core.handlePeerDatagram(allocation, Buffer.from('c'), '127.0.0.1', 7100, rig.clock.now);
  expect(rig.sink.toPeer).toHaveLength(1);
  expect(rig.sink.toClient).toHaveLength(0);

  client.send(Method.createPermission, peer(7100));
  client.datagram(frameChannelData(0x4010, Buffer.from('d')));
  expect(rig.sink.toPeer).toHaveLength(2);
  rig.clock.now += 300_000; // 601 s after the bind: channel gone
  client.send(Method.createPermission, peer(7100));
  client.datagram(frameChannelData(0x4010, Buffer.from('e')));
  expect(rig.sink.toPeer).toHaveLength(2);
  rig.core.tick(rig.clock.now);
  expect(allocation.channels.size).toBe(0);
});

test('malformed datagrams are counted, attributed to the sender\'s allocation, and never throw', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40014);
  client.allocate();
  const junk = [
    Buffer.from([0x00, 0x01, 0x00]),
    Buffer.from('GET / HTTP/1.1\r\n\r\n'),
    Buffer.from([0x40, 0x00, 0x00, 0x10, 1, 2]), // ChannelData claiming 16 bytes, carrying 2
    Buffer.from([0x00, 0x01, 0x00, 0x04, 0x21, 0x12, 0xa4, 0x42, ...new Array(12).fill(0), 0x00, 0x06, 0x00, 0x40]),
    Buffer.alloc(0),
  ];
  for (const bytes of junk) client.datagram(bytes);
  expect(rig.core.counters.malformed).toBe(junk.length);
  expect(rig.sink.malformed.filter((allocation) => allocation?.clientPort === 40014)).toHaveLength(junk.length);
  // random bytes from a stranger
  let seed = 1;
  for (let i = 0; i < 3000; i++) {
    const bytes = Buffer.alloc((i % 90) + 1);
    for (let j = 0; j < bytes.length; j++) bytes[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    rig.core.handleClientDatagram(bytes, '127.0.0.1', 41000 + (i % 7), rig.clock.now);
  }
  expect(rig.core.counters.malformed).toBeGreaterThan(2000);
  expect(rig.core.allocations.size).toBe(1);
});

test('Binding requests are answered without credentials', () => {
  const rig = coreRig();
  const client = new ScriptedClient(rig, 40015);
  const response = client.send(Method.binding, () => {}, { sign: false });
  expect(codeOf(response)).toBe('success');
  expect(xorAddresses(response!, Attr.xorMappedAddress)).toEqual([{ address: '127.0.0.1', port: 40015, family: 4 }]);
});

test('EVEN-PORT and RESERVATION-TOKEN are passed to the I/O layer; a deleted call frees its allocations', () => {
  const rig = coreRig();
  const a = new ScriptedClient(rig, 40016);
  a.learn(a.send(Method.allocate, () => {}, { sign: false }));
  a.send(Method.allocate, (w) => w.add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0])).add(Attr.evenPort, Buffer.from([0x80])));
  expect(rig.sink.opening[0]!.request).toEqual({ evenPort: true, reserveNext: true, reservationToken: null });
  const token = Buffer.alloc(8, 5);
  const b = new ScriptedClient(rig, 40017);
  b.learn(b.send(Method.allocate, () => {}, { sign: false }));
  b.send(Method.allocate, (w) => w.add(Attr.requestedTransport, Buffer.from([17, 0, 0, 0])).add(Attr.reservationToken, token));
  expect(rig.sink.opening[1]!.request.reservationToken?.equals(token)).toBe(true);
  rig.core.relayFailed(rig.sink.opening[1]!.allocation);
  expect(errorCodeOf(rig.sink.control.at(-1)!.message)?.code).toBe(508);
  rig.openPending();
  rig.core.deleteCall('call-1');
  expect(rig.core.allocations.size).toBe(0);
});
