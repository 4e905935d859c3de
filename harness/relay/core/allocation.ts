/**
 * One TURN allocation (RFC 8656 §2.2) and its permissions and channel bindings. Lookups on
 * the per-packet path are nested maps (address → port → value) so they allocate nothing.
 */
import type { Role } from './turnAuth.ts';

/** a channel bound to one peer transport address (RFC 8656 §12) */
export interface ChannelBinding {
  channel: number;
  peerAddress: string;
  peerPort: number;
  /** clock ms when the binding lapses */
  expiresAtMs: number;
}

export interface Allocation {
  /** process-unique id, increasing */
  readonly id: number;
  readonly clientAddress: string;
  readonly clientPort: number;
  readonly username: string;
  readonly key: Buffer;
  /** call and side this allocation's traffic is counted under */
  readonly callId: string;
  /** the call of the credentials used; differs from callId (`<userCallId>-<n>`) for users with legPerAllocation */
  readonly userCallId: string;
  readonly role: Role;
  /** transaction id (hex) of the Allocate that created it, to answer retransmits identically */
  readonly createTransaction: string;
  /** the same transaction id as bytes, for the deferred response */
  readonly createTransactionId: Buffer;
  /** port of the relayed transport address on 127.0.0.1; 0 while the socket is being opened */
  relayPort: number;
  /** clock ms when the allocation lapses unless refreshed */
  expiresAtMs: number;
  /** lifetime granted by the last Allocate or Refresh, s */
  lifetimeS: number;
  /** the success response, resent on a retransmitted Allocate */
  createResponse: Buffer | null;
  /** peer IP → clock ms when its permission lapses */
  readonly permissions: Map<string, number>;
  readonly channels: Map<number, ChannelBinding>;
  readonly channelsByPeer: Map<string, Map<number, ChannelBinding>>;
  /** slot for the UDP layer (its socket and pipelines); the core never reads it */
  io: unknown;
}

/** binding for a peer transport address, or undefined */
export function channelForPeer(allocation: Allocation, address: string, port: number): ChannelBinding | undefined {
  return allocation.channelsByPeer.get(address)?.get(port);
}

export function setChannel(allocation: Allocation, binding: ChannelBinding): void {
  allocation.channels.set(binding.channel, binding);
  let byPort = allocation.channelsByPeer.get(binding.peerAddress);
  if (!byPort) allocation.channelsByPeer.set(binding.peerAddress, (byPort = new Map()));
  byPort.set(binding.peerPort, binding);
}

export function deleteChannel(allocation: Allocation, binding: ChannelBinding): void {
  allocation.channels.delete(binding.channel);
  const byPort = allocation.channelsByPeer.get(binding.peerAddress);
  byPort?.delete(binding.peerPort);
  if (byPort && byPort.size === 0) allocation.channelsByPeer.delete(binding.peerAddress);
}

/** drops lapsed permissions and channel bindings */
export function pruneAllocation(allocation: Allocation, nowMs: number): void {
  for (const [ip, expiresAtMs] of allocation.permissions) if (expiresAtMs <= nowMs) allocation.permissions.delete(ip);
  for (const binding of allocation.channels.values()) if (binding.expiresAtMs <= nowMs) deleteChannel(allocation, binding);
}

/** client transport address → allocation (the 5-tuple minus the fixed server side and protocol) */
export class AllocationTable {
  private readonly byAddress = new Map<string, Map<number, Allocation>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(address: string, port: number): Allocation | undefined {
    return this.byAddress.get(address)?.get(port);
  }

  add(allocation: Allocation): void {
    let byPort = this.byAddress.get(allocation.clientAddress);
    if (!byPort) this.byAddress.set(allocation.clientAddress, (byPort = new Map()));
    if (!byPort.has(allocation.clientPort)) this.count++;
    byPort.set(allocation.clientPort, allocation);
  }

  delete(allocation: Allocation): boolean {
    const byPort = this.byAddress.get(allocation.clientAddress);
    if (byPort?.get(allocation.clientPort) !== allocation) return false;
    byPort.delete(allocation.clientPort);
    if (byPort.size === 0) this.byAddress.delete(allocation.clientAddress);
    this.count--;
    return true;
  }

  *values(): IterableIterator<Allocation> {
    for (const byPort of this.byAddress.values()) yield* byPort.values();
  }
}
