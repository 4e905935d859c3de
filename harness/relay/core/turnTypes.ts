/**
 * The contracts around the TURN protocol core: what it asks of the I/O layer, how it is
 * configured, and the counters it keeps.
 */
import type { Allocation } from './allocation.ts';
import type { CredentialStore } from './turnAuth.ts';

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
