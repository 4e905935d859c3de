/**
 * The relay as the rest of the harness sees it, wherever it runs (startRelay.ts): its options,
 * its relay-wide counters and the `Relay` handle.
 */
import type { TurnCounters } from './core/turnTypes.ts';
import type { Direction, LegControlCounters, LegGroundTruth, Role } from './core/groundTruthTypes.ts';
import type { Impairment } from './impairmentSchema.ts';

/** the only address the relay listens and relays on */
export const RELAY_HOST = '127.0.0.1';

/**
 * Where the relay's event loop is. `thread` (the default): a worker thread of its own, so a
 * busy or collecting caller (a Playwright worker) adds no delay to relayed media.
 * `in-process`: the caller's own event loop, as a process that does nothing else wants it
 * (`callsoak relay`), and for tests that drive the relay's clock.
 */
export type RelayIsolation = 'thread' | 'in-process';

/** what the relay starts with; plain data, so it crosses to the relay's thread as it is */
export interface RelayServerOptions {
  /** run seed; each call derives its own stream seeds from (seed, callId) */
  seed: number;
  /** listening port on 127.0.0.1; default 0 (ephemeral) */
  port?: number;
  /** default 'callsoak' */
  realm?: string;
  /**
   * hand datagrams between two of this relay's own allocations in process instead of over
   * loopback (same permission checks and legs, two system calls fewer); default true
   */
  localHandoff?: boolean;
  /**
   * credentials any number of clients may share (the standalone relay): each allocation made
   * with them becomes its own call `<callId>-<n>` with role 'consumer' and this network; default none
   */
  sharedUser?: { username: string; password: string; callId: string; up: Impairment; down: Impairment };
  /**
   * ground truth's per-second series keep the newest this many seconds, so hours-long calls hold
   * bounded memory (a soak sets 300); default 36000 (10 h)
   */
  seriesWindowSeconds?: number;
}

export interface StartRelayOptions extends RelayServerOptions {
  /** default 'thread' */
  isolation?: RelayIsolation;
  /** ms, for tests; only with isolation 'in-process' (a function cannot cross into a thread); default performance.now-based */
  clock?: () => number;
}

/** relay-wide counters */
export interface RelayStats extends TurnCounters {
  /** allocations open now */
  allocations: number;
  /** fronts open now (`Relay.openFront`; each holds two UDP sockets) */
  fronts: number;
  /** packets waiting in the delay queue now */
  scheduled: number;
  /** datagrams handed from one of our allocations straight to another (both peers on this relay) instead of over loopback */
  localHandoffs: number;
  /** data datagrams that entered a leg (client → peer and peer → client), before impairment; a soak's packets/s */
  relayed: number;
}

/**
 * The running relay. It answers calls in the order they are made, each once it has read every
 * datagram already waiting in its sockets (drainSockets.ts): a read sees every earlier call and
 * counts every packet sent before it (made once a call's peers are gone, it is complete), and a
 * change applies to the packets sent after it. A change resolves once the relay has applied it.
 */
export interface Relay {
  /** e.g. 'turn:127.0.0.1:40123?transport=udp' */
  readonly url: string;
  readonly port: number;
  readonly realm: string;
  readonly isolation: RelayIsolation;
  /**
   * per-call, per-role credentials; the relay attributes every allocation made with them to
   * (callId, role). `seedKey` (default the call id) is what the call's random decisions derive
   * from with the run seed: the first credentials of a call fix it.
   */
  createCredentials(callId: string, role: Role, seedKey?: string): Promise<{ username: string; credential: string }>;
  /**
   * a front: a leg for a client that does not speak TURN (relayFront.ts). Opens a UDP socket on
   * 127.0.0.1 for the client to send to (the address returned) and another that sends to
   * `target` (an IPv4 loopback address): client → target crosses (callId, role) `up`,
   * target → client crosses its `down`, impaired and counted as relayed data of that leg.
   * Down-traffic goes to wherever the client last sent from, and is dropped before the client
   * has sent anything; datagrams to the edge-facing socket from anyone but `target` are dropped.
   * Creates the call's state like createCredentials, `seedKey` likewise. `endCall` closes it.
   * Rejects with the reason on a target that is not loopback or no free port.
   */
  openFront(callId: string, role: Role, target: { host: string; port: number }, seedKey?: string): Promise<{ host: string; port: number }>;
  /**
   * set (or replace) the impairment of one leg direction; schedule times are relative to the
   * moment the relay applies it, which is when the promise resolves. Throws, before anything
   * reaches the relay, on an invalid impairment.
   */
  setImpairment(callId: string, role: Role, direction: Direction, impairment: Impairment): Promise<void>;
  /** ground truth for one call (all its legs), usable while the call runs and after */
  groundTruth(callId: string): Promise<LegGroundTruth[]>;
  /** control-plane counters (malformed datagrams, dropped control messages) per role of one call */
  controlCounters(callId: string): Promise<LegControlCounters[]>;
  /** every call the relay has state for, with a printable label each */
  calls(): Promise<{ callId: string; label: string }[]>;
  /** relay-wide counters */
  stats(): Promise<RelayStats>;
  /** forget a finished call's state (frees allocations, closes fronts) */
  endCall(callId: string): Promise<void>;
  /** closes every socket; with a thread, resolves once the thread has exited */
  close(): Promise<void>;
}
