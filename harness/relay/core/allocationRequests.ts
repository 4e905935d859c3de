/**
 * The requests that act on an existing allocation (RFC 8656 §7–§12): Refresh,
 * CreatePermission and ChannelBind. Every peer must be on loopback (403 otherwise): the relay
 * never forwards anywhere else.
 */
import { channelForPeer, setChannel } from './allocation.ts';
import type { Allocation, AllocationTable } from './allocation.ts';
import { Attr, CHANNEL_MAX, CHANNEL_MIN, MessageClass } from './stunConstants.ts';
import { attributeUint32, attributeValue, StunWriter, xorAddresses } from './stunMessage.ts';
import type { StunMessage } from './stunMessage.ts';
import { isLoopback } from './transportAddress.ts';
import type { TurnUser } from './turnAuth.ts';
import type { TurnErrorResponder } from './turnErrorResponder.ts';
import type { TurnCounters, TurnSink } from './turnTypes.ts';

/** lifetimes and the core's own deletion, as the core configured them */
export interface AllocationRequestSettings {
  /** lifetime when a Refresh names none, s */
  defaultLifetimeS: number;
  /** longest lifetime granted, s */
  maxLifetimeS: number;
  /** permission lifetime, ms */
  permissionLifetimeMs: number;
  /** channel binding lifetime, ms */
  channelLifetimeMs: number;
  /** deletes an allocation (and closes its relay socket) */
  forget(allocation: Allocation): void;
}

export class AllocationRequests {
  constructor(
    private readonly allocations: AllocationTable,
    private readonly counters: TurnCounters,
    private readonly errors: TurnErrorResponder,
    private readonly sink: TurnSink,
    private readonly settings: AllocationRequestSettings,
  ) {}

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

  refresh(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const allocation = this.ownAllocation(message, address, port, user);
    if (!allocation) return;
    const requested = attributeUint32(message, Attr.lifetime);
    let lifetimeS = 0;
    if (requested === 0) {
      this.counters.allocationsDeleted++;
      this.settings.forget(allocation);
    } else {
      lifetimeS = requested === undefined ? this.settings.defaultLifetimeS : Math.min(requested, this.settings.maxLifetimeS);
      allocation.expiresAtMs = nowMs + lifetimeS * 1000;
      allocation.lifetimeS = lifetimeS;
    }
    this.success(message, address, port, allocation, (writer) => writer.addUint32(Attr.lifetime, lifetimeS));
  }

  createPermission(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
    const allocation = this.ownAllocation(message, address, port, user);
    if (!allocation) return;
    const peers = xorAddresses(message, Attr.xorPeerAddress);
    if (peers.length === 0 || peers.some((peer) => peer === null)) return this.errors.send(message, address, port, 400, user.key, allocation);
    if (peers.some((peer) => peer!.family !== 4)) return this.errors.send(message, address, port, 443, user.key, allocation);
    if (peers.some((peer) => !isLoopback(peer!.address))) {
      this.counters.forbiddenPeer++;
      return this.errors.send(message, address, port, 403, user.key, allocation);
    }
    for (const peer of peers) allocation.permissions.set(peer!.address, nowMs + this.settings.permissionLifetimeMs);
    this.success(message, address, port, allocation, () => {});
  }

  channelBind(message: StunMessage, address: string, port: number, user: TurnUser, nowMs: number): void {
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
    binding.expiresAtMs = nowMs + this.settings.channelLifetimeMs;
    setChannel(allocation, binding);
    allocation.permissions.set(peer.address, nowMs + this.settings.permissionLifetimeMs);
    this.success(message, address, port, allocation, () => {});
  }

  private success(message: StunMessage, address: string, port: number, allocation: Allocation, fill: (writer: StunWriter) => void): void {
    const writer = new StunWriter(message.method, MessageClass.success, message.transactionId);
    fill(writer);
    this.sink.sendControl(address, port, writer.finish({ integrityKey: allocation.key, fingerprint: true }), allocation);
  }
}
