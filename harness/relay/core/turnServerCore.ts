/**
 * The TURN server's protocol core (RFC 8656 over UDP, the subset browsers use), pure: bytes
 * and the current clock time go in, effects go out through a `TurnSink`. It never touches a
 * socket or a timer, so it is tested deterministically.
 *
 * Written in the project because no maintained Node TURN server library fits: we need the
 * relayed packets in our own hands (to impair and count them per call leg), loopback-only
 * peers and per-call credentials, none of which a general-purpose server exposes.
 */
import { AllocationTable, channelForPeer, pruneAllocation, setChannel } from './allocation.ts';
import type { Allocation } from './allocation.ts';
import { channelNumberOf, channelPayloadLength, frameChannelData, looksLikeChannelData } from './channelData.ts';
import { Attr, CHANNEL_MAX, CHANNEL_MIN, KNOWN_REQUIRED_ATTRIBUTES, MessageClass, Method, TRANSPORT_UDP } from './stunConstants.ts';
import { attributeText, attributeUint32, attributeValue, findAttribute, parseStun, StunWriter, xorAddresses } from './stunMessage.ts';
import type { StunMessage } from './stunMessage.ts';
import { verifyIntegrity } from './stunIntegrity.ts';
import { isLoopback } from './transportAddress.ts';
import type { CredentialStore, TurnUser } from './turnAuth.ts';
import { TurnErrorResponder } from './turnErrorResponder.ts';

/** what the core asks of the I/O layer */
export interface TurnSink {
  /** a STUN response for a client; `allocation` is the leg it belongs to when known */
  sendControl(address: string, port: number, data: Buffer, allocation: Allocation | null): void;
  /** relayed data from the allocation's client to a peer (the leg's `up` direction) */
  relayToPeer(allocation: Allocation, peerAddress: string, peerPort: number, payload: Buffer): void;
  /** relayed data from a peer, already framed for the client; the payload starts at `payloadOffset` (the leg's `down` direction) */
  relayToClient(allocation: Allocation, framed: Buffer, payloadOffset: number): void;
  /** open the relayed socket; answer with `core.relayOpened` or `core.relayFailed` */
  openRelay(allocation: Allocation, request: RelayRequest): void;
  closeRelay(allocation: Allocation): void;
  /** a datagram from this client could not be parsed (allocation null when the client has none) */
  countMalformed(allocation: Allocation | null): void;
}

/** port constraints from EVEN-PORT / RESERVATION-TOKEN (RFC 8656 §14.6, §14.9) */
export interface RelayRequest {
  /** the relayed port must be even */
  evenPort: boolean;
  /** also reserve port+1 and return a RESERVATION-TOKEN */
  reserveNext: boolean;
  /** use the port reserved under this 8-byte token */
  reservationToken: Buffer | null;
}

export interface TurnCoreOptions {
  credentials: CredentialStore;
  sink: TurnSink;
  /** IP of every relayed transport address; default '127.0.0.1' */
  relayAddress?: string;
  /** allocation lifetime when the client asks for none, s; default 600 (RFC 8656 §7.2) */
  defaultLifetimeS?: number;
  /** longest allocation lifetime granted, s; default 3600 */
  maxLifetimeS?: number;
  /** permission lifetime, s; fixed at 300 by RFC 8656 §9 */
  permissionLifetimeS?: number;
  /** channel binding lifetime, s; 600 per RFC 8656 §12 */
  channelLifetimeS?: number;
  /** allocations at once across all users; default 2000 */
  maxAllocations?: number;
  /** allocations at once per username; default 64 */
  maxAllocationsPerUser?: number;
}

/** relay-wide counters, all cumulative */
export interface TurnCounters {
  /** datagrams from clients that were neither valid STUN nor valid ChannelData */
  malformed: number;
  /** requests answered with an error response, by code */
  errors: Record<number, number>;
  /** peer addresses refused because they are outside loopback (403 or a dropped Send indication) */
  forbiddenPeer: number;
  /** relayed datagrams dropped for lack of a permission */
  noPermission: number;
  /** ChannelData or Send indications from a client without an allocation or on an unbound channel */
  noAllocation: number;
  allocationsCreated: number;
  allocationsExpired: number;
  allocationsDeleted: number;
}

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
  private readonly permissionLifetimeMs: number;
  private readonly channelLifetimeMs: number;
  private readonly maxAllocations: number;
  private readonly maxAllocationsPerUser: number;
  private readonly perUser = new Map<string, number>();
  private readonly legCounter = new Map<string, number>();
  private readonly errors: TurnErrorResponder;
  private nextId = 1;

  constructor(options: TurnCoreOptions) {
    this.sink = options.sink;
    this.credentials = options.credentials;
    this.relayAddress = options.relayAddress ?? '127.0.0.1';
    this.defaultLifetimeS = options.defaultLifetimeS ?? 600;
    this.maxLifetimeS = options.maxLifetimeS ?? 3600;
    this.permissionLifetimeMs = (options.permissionLifetimeS ?? 300) * 1000;
    this.channelLifetimeMs = (options.channelLifetimeS ?? 600) * 1000;
    this.maxAllocations = options.maxAllocations ?? 2000;
    this.maxAllocationsPerUser = options.maxAllocationsPerUser ?? 64;
    this.errors = new TurnErrorResponder(this.credentials, this.sink, this.counters);
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
      case Method.refresh: return this.handleRefresh(message, address, port, user, nowMs);
      case Method.createPermission: return this.handleCreatePermission(message, address, port, user, nowMs);
      default: return this.handleChannelBind(message, address, port, user, nowMs);
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

  /** delete every allocation attributed to `callId` (also `<callId>-<n>` legs) */
  deleteCall(callId: string): void {
    for (const allocation of [...this.allocations.values()]) {
      if (allocation.callId === callId || allocation.callId.startsWith(`${callId}-`)) {
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

  /** the caller's allocation, or an error (437 none, 441 other user's) has been sent */
  private ownAllocation(message: StunMessage, address: string, port: number, user: TurnUser): Allocation | null {
    const allocation = this.allocations.get(address, port);
    if (!allocation || allocation.relayPort === 0) {
      this.errors.send(message, address, port, 437, user.key, null);
      return null;
    }
    if (allocation.username !== user.username) {
      this.errors.send(message, address, port, 441, user.key, allocation);
      return null;
    }
    return allocation;
  }

  private handleRefresh(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const allocation = this.ownAllocation(message, address, port, user);
    if (!allocation) return;
    const requested = attributeUint32(message, Attr.lifetime);
    let lifetimeS = 0;
    if (requested === 0) {
      this.counters.allocationsDeleted++;
      this.forget(allocation);
    } else {
      lifetimeS = requested === undefined ? this.defaultLifetimeS : Math.min(requested, this.maxLifetimeS);
      allocation.expiresAtMs = nowMs + lifetimeS * 1000;
      allocation.lifetimeS = lifetimeS;
    }
    this.success(message, address, port, allocation, (writer) => writer.addUint32(Attr.lifetime, lifetimeS));
  }

  private handleCreatePermission(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const allocation = this.ownAllocation(message, address, port, user);
    if (!allocation) return;
    const peers = xorAddresses(message, Attr.xorPeerAddress);
    if (peers.length === 0 || peers.some((peer) => peer === null)) return this.errors.send(message, address, port, 400, user.key, allocation);
    if (peers.some((peer) => peer!.family !== 4)) return this.errors.send(message, address, port, 443, user.key, allocation);
    if (peers.some((peer) => !isLoopback(peer!.address))) {
      this.counters.forbiddenPeer++;
      return this.errors.send(message, address, port, 403, user.key, allocation);
    }
    for (const peer of peers) allocation.permissions.set(peer!.address, nowMs + this.permissionLifetimeMs);
    this.success(message, address, port, allocation, () => {});
  }

  private handleChannelBind(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const allocation = this.ownAllocation(message, address, port, user);
    if (!allocation) return;
    const channelValue = attributeValue(message, Attr.channelNumber);
    const peers = xorAddresses(message, Attr.xorPeerAddress);
    const peer = peers[0];
    if (!channelValue || channelValue.length !== 4 || peers.length !== 1 || !peer) return this.errors.send(message, address, port, 400, user.key, allocation);
    const channel = channelValue.readUInt16BE(0);
    if (channel < CHANNEL_MIN || channel > CHANNEL_MAX) return this.errors.send(message, address, port, 400, user.key, allocation);
    if (peer.family !== 4) return this.errors.send(message, address, port, 443, user.key, allocation);
    if (!isLoopback(peer.address)) {
      this.counters.forbiddenPeer++;
      return this.errors.send(message, address, port, 403, user.key, allocation);
    }
    const byChannel = allocation.channels.get(channel);
    if (byChannel && (byChannel.peerAddress !== peer.address || byChannel.peerPort !== peer.port)) return this.errors.send(message, address, port, 400, user.key, allocation);
    const byPeer = channelForPeer(allocation, peer.address, peer.port);
    if (byPeer && byPeer.channel !== channel) return this.errors.send(message, address, port, 400, user.key, allocation);
    const binding = byChannel ?? { channel, peerAddress: peer.address, peerPort: peer.port, expiresAtMs: 0 };
    binding.expiresAtMs = nowMs + this.channelLifetimeMs;
    setChannel(allocation, binding);
    allocation.permissions.set(peer.address, nowMs + this.permissionLifetimeMs);
    this.success(message, address, port, allocation, () => {});
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

  private success(message: StunMessage, address: string, port: number, allocation: Allocation, fill: (writer: StunWriter) => void): void {
    const writer = new StunWriter(message.method, MessageClass.success, message.transactionId);
    fill(writer);
    this.sink.sendControl(address, port, writer.finish({ integrityKey: allocation.key, fingerprint: true }), allocation);
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
