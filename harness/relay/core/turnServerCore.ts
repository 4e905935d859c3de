/**
 * The TURN server's protocol core (RFC 8656 over UDP, the subset browsers use), pure: bytes
 * and the current clock time go in, effects go out through a `TurnSink`. It never touches a
 * socket or a timer, so it is tested deterministically.
 *
 * Written in the project because no maintained Node TURN server library fits: we need the
 * relayed packets in our own hands (to impair and count them per call leg), loopback-only
 * peers and per-call credentials, none of which a general-purpose server exposes.
 */
import { AllocationRequests } from './allocationRequests.ts';
import { AllocationTable, channelForPeer, pruneAllocation } from './allocation.ts';
import type { Allocation } from './allocation.ts';
import { channelNumberOf, channelPayloadLength, frameChannelData, looksLikeChannelData } from './channelData.ts';
import { Attr, KNOWN_REQUIRED_ATTRIBUTES, MessageClass, Method, TRANSPORT_UDP } from './stunConstants.ts';
import { attributeText, attributeUint32, attributeValue, findAttribute, parseStun, StunWriter, xorAddresses } from './stunMessage.ts';
import type { StunMessage } from './stunMessage.ts';
import { verifyIntegrity } from './stunIntegrity.ts';
import { isLoopback } from './transportAddress.ts';
import type { CredentialStore, TurnUser } from './turnAuth.ts';
import { TurnErrorResponder } from './turnErrorResponder.ts';
import type { RelayRequest, TurnCoreOptions, TurnCounters, TurnSink } from './turnTypes.ts';

export type { RelayRequest, TurnCoreOptions, TurnCounters, TurnSink };

export class TurnServerCore {
  readonly allocations = new AllocationTable();
  readonly counters: TurnCounters = {
    malformed: 0, errors: {}, forbiddenPeer: 0, noPermission: 0, noAllocation: 0,
    allocationsCreated: 0, allocationsExpired: 0, allocationsDeleted: 0,
  };
  private readonly sink: TurnSink;
  private readonly credentials: CredentialStore;
  private readonly relayAddress: string;
  private readonly defaultLifetimeS: number;
  private readonly maxLifetimeS: number;
  private readonly maxAllocations: number;
  private readonly maxAllocationsPerUser: number;
  private readonly perUser = new Map<string, number>();
  private readonly legCounter = new Map<string, number>();
  private readonly errors: TurnErrorResponder;
  private readonly requests: AllocationRequests;
  private nextId = 1;

  constructor(options: TurnCoreOptions) {
    this.sink = options.sink;
    this.credentials = options.credentials;
    this.relayAddress = options.relayAddress ?? '127.0.0.1';
    this.defaultLifetimeS = options.defaultLifetimeS ?? 600;
    this.maxLifetimeS = options.maxLifetimeS ?? 3600;
    this.maxAllocations = options.maxAllocations ?? 2000;
    this.maxAllocationsPerUser = options.maxAllocationsPerUser ?? 64;
    this.errors = new TurnErrorResponder(this.credentials, this.sink, this.counters);
    this.requests = new AllocationRequests(this.allocations, this.counters, this.errors, this.sink, {
      defaultLifetimeS: this.defaultLifetimeS,
      maxLifetimeS: this.maxLifetimeS,
      permissionLifetimeMs: (options.permissionLifetimeS ?? 300) * 1000,
      channelLifetimeMs: (options.channelLifetimeS ?? 600) * 1000,
      forget: (allocation) => this.forget(allocation),
    });
  }

  /** one datagram received on the listening socket from a client */
  handleClientDatagram(buf: Buffer, address: string, port: number, nowMs: number): void {
    if (looksLikeChannelData(buf)) return this.handleChannelData(buf, address, port, nowMs);
    const parsed = parseStun(buf);
    if (!parsed.ok) {
      this.counters.malformed++;
      this.sink.countMalformed(this.allocations.get(address, port) ?? null);
      return;
    }
    const message = parsed.message;
    if (message.cls === MessageClass.indication) {
      if (message.method === Method.send) this.handleSend(message, address, port, nowMs);
      return;
    }
    if (message.cls !== MessageClass.request) return;
    if (message.method === Method.binding) return this.handleBinding(message, address, port);
    if (message.method !== Method.allocate && message.method !== Method.refresh && message.method !== Method.createPermission && message.method !== Method.channelBind) {
      return this.errors.send(message, address, port, 400, null, null);
    }
    const user = this.authenticate(message, address, port, nowMs);
    if (!user) return;
    const unknown = unknownRequiredAttributes(message);
    if (unknown.length > 0) return this.errors.send(message, address, port, 420, user.key, null, unknown);
    switch (message.method) {
      case Method.allocate: return this.handleAllocate(message, address, port, user, nowMs);
      case Method.refresh: return this.requests.refresh(message, address, port, user, nowMs);
      case Method.createPermission: return this.requests.createPermission(message, address, port, user, nowMs);
      default: return this.requests.channelBind(message, address, port, user, nowMs);
    }
  }

  /** one datagram received on an allocation's relayed socket from `peerAddress:peerPort` */
  handlePeerDatagram(allocation: Allocation, buf: Buffer, peerAddress: string, peerPort: number, nowMs: number): void {
    const permission = allocation.permissions.get(peerAddress);
    if (permission === undefined || permission <= nowMs) {
      this.counters.noPermission++;
      return;
    }
    const binding = channelForPeer(allocation, peerAddress, peerPort);
    if (binding && binding.expiresAtMs > nowMs) {
      this.sink.relayToClient(allocation, frameChannelData(binding.channel, buf), 4);
      return;
    }
    const framed = new StunWriter(Method.data, MessageClass.indication, randomTransactionId())
      .addXorAddress(Attr.xorPeerAddress, peerAddress, peerPort)
      .add(Attr.data, buf)
      .finish();
    // DATA is the last attribute: its value starts right after its 4-byte header
    this.sink.relayToClient(allocation, framed, framed.length - ((buf.length + 3) & ~3));
  }

  /** the UDP layer opened the relayed socket of a pending allocation */
  relayOpened(allocation: Allocation, relayPort: number, reservationToken: Buffer | null): void {
    if (this.allocations.get(allocation.clientAddress, allocation.clientPort) !== allocation) return;
    allocation.relayPort = relayPort;
    const writer = new StunWriter(Method.allocate, MessageClass.success, allocation.createTransactionId)
      .addXorAddress(Attr.xorRelayedAddress, this.relayAddress, relayPort)
      .addUint32(Attr.lifetime, allocation.lifetimeS)
      .addXorAddress(Attr.xorMappedAddress, allocation.clientAddress, allocation.clientPort);
    if (reservationToken) writer.add(Attr.reservationToken, reservationToken);
    allocation.createResponse = writer.finish({ integrityKey: allocation.key, fingerprint: true });
    this.sink.sendControl(allocation.clientAddress, allocation.clientPort, allocation.createResponse, allocation);
  }

  /** the UDP layer could not open the relayed socket: 508, or `code` */
  relayFailed(allocation: Allocation, code = 508): void {
    if (this.allocations.get(allocation.clientAddress, allocation.clientPort) !== allocation) return;
    this.forget(allocation);
    const request = { method: Method.allocate, transactionId: allocation.createTransactionId };
    this.errors.send(request, allocation.clientAddress, allocation.clientPort, code, allocation.key, null);
  }

  /** expire allocations, permissions and channel bindings; call about once a second */
  tick(nowMs: number): void {
    for (const allocation of [...this.allocations.values()]) {
      if (allocation.expiresAtMs <= nowMs) {
        this.counters.allocationsExpired++;
        this.forget(allocation);
      } else {
        pruneAllocation(allocation, nowMs);
      }
    }
  }

  /** delete every allocation attributed to `callId` (also the `<callId>-<n>` legs of a shared user) */
  deleteCall(callId: string): void {
    for (const allocation of [...this.allocations.values()]) {
      if (allocation.callId === callId || allocation.userCallId === callId) {
        this.counters.allocationsDeleted++;
        this.forget(allocation);
      }
    }
  }

  private forget(allocation: Allocation): void {
    if (!this.allocations.delete(allocation)) return;
    this.perUser.set(allocation.username, (this.perUser.get(allocation.username) ?? 1) - 1);
    this.sink.closeRelay(allocation);
  }

  private handleBinding(message: StunMessage, address: string, port: number): void {
    const unknown = unknownRequiredAttributes(message);
    if (unknown.length > 0) return this.errors.send(message, address, port, 420, null, null, unknown);
    const response = new StunWriter(Method.binding, MessageClass.success, message.transactionId)
      .addXorAddress(Attr.xorMappedAddress, address, port)
      .finish({ fingerprint: true });
    this.sink.sendControl(address, port, response, this.allocations.get(address, port) ?? null);
  }

  /** RFC 5389 §10.2.2 in its order; sends the error and returns null when the request fails */
  private authenticate(message: StunMessage, address: string, port: number, nowMs: number): TurnUser | null {
    const existing = this.allocations.get(address, port) ?? null;
    if (message.integrityOffset < 0) {
      this.errors.send(message, address, port, 401, null, existing, [], nowMs);
      return null;
    }
    const username = attributeText(message, Attr.username);
    const realm = attributeText(message, Attr.realm);
    const nonce = attributeText(message, Attr.nonce);
    if (username === undefined || realm === undefined || nonce === undefined) {
      this.errors.send(message, address, port, 400, null, existing);
      return null;
    }
    if (this.credentials.checkNonce(nonce, nowMs) !== 'ok') {
      this.errors.send(message, address, port, 438, null, existing, [], nowMs);
      return null;
    }
    const user = this.credentials.get(username);
    if (!user || realm !== this.credentials.realm || !verifyIntegrity(message.raw, message.integrityOffset, user.key)) {
      this.errors.send(message, address, port, 401, null, existing, [], nowMs);
      return null;
    }
    return user;
  }

  private handleAllocate(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const existing = this.allocations.get(address, port);
    if (existing) {
      if (existing.createTransaction !== message.transactionId.toString('hex')) return this.errors.send(message, address, port, 437, user.key, existing);
      // a retransmission: answer as before (or not yet, while the socket is still opening)
      if (existing.createResponse) this.sink.sendControl(address, port, existing.createResponse, existing);
      return;
    }
    const transport = attributeValue(message, Attr.requestedTransport);
    if (!transport || transport.length !== 4) return this.errors.send(message, address, port, 400, user.key, null);
    if (transport[0] !== TRANSPORT_UDP) return this.errors.send(message, address, port, 442, user.key, null);
    const family = attributeValue(message, Attr.requestedAddressFamily);
    if (family && (family.length !== 4 || (family[0] !== 0x01 && family[0] !== 0x02))) return this.errors.send(message, address, port, 400, user.key, null);
    if (family && family[0] === 0x02) return this.errors.send(message, address, port, 440, user.key, null);
    const evenPort = attributeValue(message, Attr.evenPort);
    const token = attributeValue(message, Attr.reservationToken);
    if ((evenPort && token) || (token && token.length !== 8) || (evenPort && evenPort.length !== 1)) return this.errors.send(message, address, port, 400, user.key, null);
    if (this.allocations.size >= this.maxAllocations) return this.errors.send(message, address, port, 508, user.key, null);
    const ofUser = this.perUser.get(user.username) ?? 0;
    if (ofUser >= this.maxAllocationsPerUser) return this.errors.send(message, address, port, 486, user.key, null);

    const lifetimeS = this.grantLifetime(attributeUint32(message, Attr.lifetime));
    const allocation: Allocation = {
      id: this.nextId++,
      clientAddress: address,
      clientPort: port,
      username: user.username,
      key: user.key,
      callId: user.legPerAllocation ? this.nextLegCallId(user) : user.callId,
      userCallId: user.callId,
      role: user.role,
      createTransaction: message.transactionId.toString('hex'),
      createTransactionId: Buffer.from(message.transactionId),
      relayPort: 0,
      expiresAtMs: nowMs + lifetimeS * 1000,
      lifetimeS,
      createResponse: null,
      permissions: new Map(),
      channels: new Map(),
      channelsByPeer: new Map(),
      io: null,
    };
    this.allocations.add(allocation);
    this.perUser.set(user.username, ofUser + 1);
    this.counters.allocationsCreated++;
    this.sink.openRelay(allocation, {
      evenPort: evenPort !== undefined,
      reserveNext: evenPort !== undefined && (evenPort[0]! & 0x80) !== 0,
      reservationToken: token ? Buffer.from(token) : null,
    });
  }

  private nextLegCallId(user: TurnUser): string {
    const n = (this.legCounter.get(user.username) ?? 0) + 1;
    this.legCounter.set(user.username, n);
    return `${user.callId}-${n}`;
  }

  private grantLifetime(requestedS: number | undefined): number {
    if (requestedS === undefined) return this.defaultLifetimeS;
    return Math.min(Math.max(requestedS, this.defaultLifetimeS), this.maxLifetimeS);
  }

  private handleSend(message: StunMessage, address: string, port: number, nowMs: number): void {
    const allocation = this.allocations.get(address, port);
    if (!allocation || allocation.relayPort === 0) {
      this.counters.noAllocation++;
      return;
    }
    const peers = xorAddresses(message, Attr.xorPeerAddress);
    const data = findAttribute(message, Attr.data);
    const peer = peers[0];
    if (peers.length !== 1 || !peer || !data || unknownRequiredAttributes(message).length > 0) {
      this.counters.malformed++;
      this.sink.countMalformed(allocation);
      return;
    }
    if (peer.family !== 4 || !isLoopback(peer.address)) {
      this.counters.forbiddenPeer++;
      return;
    }
    const permission = allocation.permissions.get(peer.address);
    if (permission === undefined || permission <= nowMs) {
      this.counters.noPermission++;
      return;
    }
    this.sink.relayToPeer(allocation, peer.address, peer.port, message.raw.subarray(data.offset, data.offset + data.length));
  }

  private handleChannelData(buf: Buffer, address: string, port: number, nowMs: number): void {
    const channel = channelNumberOf(buf);
    const length = channelPayloadLength(buf);
    const allocation = this.allocations.get(address, port);
    if (channel < 0 || length < 0) {
      this.counters.malformed++;
      this.sink.countMalformed(allocation ?? null);
      return;
    }
    const binding = allocation?.channels.get(channel);
    if (!allocation || !binding || binding.expiresAtMs <= nowMs) {
      this.counters.noAllocation++;
      return;
    }
    const permission = allocation.permissions.get(binding.peerAddress);
    if (permission === undefined || permission <= nowMs) {
      this.counters.noPermission++;
      return;
    }
    this.sink.relayToPeer(allocation, binding.peerAddress, binding.peerPort, buf.subarray(4, 4 + length));
  }

}

/** comprehension-required attribute types (< 0x8000) the server does not know */
function unknownRequiredAttributes(message: StunMessage): number[] {
  const unknown: number[] = [];
  for (const attribute of message.attributes) {
    if (attribute.type < 0x8000 && !KNOWN_REQUIRED_ATTRIBUTES.has(attribute.type)) unknown.push(attribute.type);
  }
  return unknown;
}

let transactionCounter = 0;
/** transaction ids of Data indications only need to be unique-ish; a counter avoids the RNG on the data path */
function randomTransactionId(): Buffer {
  const id = Buffer.alloc(12);
  id.writeUInt32BE(0x63736f6b, 0); // 'csok'
  id.writeUInt32BE((transactionCounter = (transactionCounter + 1) >>> 0), 8);
  return id;
}
