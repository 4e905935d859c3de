/**
 * The relay itself, in the event loop of whoever starts it: the thin UDP layer around the pure
 * protocol core (core/turnServerCore.ts) and the per-leg impairment pipelines
 * (core/legPipeline.ts). It listens on 127.0.0.1 only, relays on 127.0.0.1 only, issues
 * credentials per call and role, and refuses peers outside loopback (403): it is never an open
 * relay. Fronts (relayFront.ts) put a client that does not speak TURN on a call's leg. Its
 * methods are synchronous but for opening a front; the rest of the harness reaches it through
 * startRelay.ts, which runs it in its own thread (relayThreadMain.ts) or, on request, right here.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { Allocation } from './core/allocation.ts';
import { DeliveryScheduler } from './core/deliveryScheduler.ts';
import { isLoopback } from './core/transportAddress.ts';
import { CredentialStore } from './core/turnAuth.ts';
import { TurnServerCore } from './core/turnServerCore.ts';
import type { TurnSink } from './core/turnServerCore.ts';
import { CallLegs } from './callLegs.ts';
import type { Direction, LegControlCounters, LegGroundTruth, Role } from './core/groundTruthTypes.ts';
import type { Impairment } from './impairmentSchema.ts';
import type { SendFn } from './core/legPipeline.ts';
import { frontTargetProblem, RelayFront, type FrontAddress, type FrontListener } from './relayFront.ts';
import { bindUdp, RelaySockets } from './relaySockets.ts';
import { RELAY_HOST, type RelayServerOptions, type RelayStats } from './relayTypes.ts';

/** a due packet may leave this early rather than wait another timer turn, ms */
const EARLY_RELEASE_MS = 0.5;
/** Send indications are data, not control: their STUN type (method 0x006, class indication) */
const SEND_INDICATION_TYPE = 0x0016;

/** the relay's state, read and changed synchronously in the event loop that runs it */
export interface RelayServer {
  readonly url: string;
  readonly port: number;
  readonly realm: string;
  createCredentials(callId: string, role: Role, seedKey?: string): { username: string; credential: string };
  /** a front for (callId, role) to `target` (relayFront.ts); rejects with the reason on a bad target or no free port */
  openFront(callId: string, role: Role, target: FrontAddress, seedKey?: string): Promise<FrontAddress>;
  /** the impairment must be valid (startRelay.ts checks it where it is asked for) */
  setImpairment(callId: string, role: Role, direction: Direction, impairment: Impairment): void;
  groundTruth(callId: string): LegGroundTruth[];
  controlCounters(callId: string): LegControlCounters[];
  calls(): { callId: string; label: string }[];
  stats(): RelayStats;
  endCall(callId: string): void;
  /** datagrams read from any of the relay's sockets so far (drainSockets.ts watches it) */
  datagramsReceived(): number;
  close(): Promise<void>;
}

/** @param clock ms, for tests; default performance.now */
export async function startRelayServer(opts: RelayServerOptions, clock: () => number = () => performance.now()): Promise<RelayServer> {
  const realm = opts.realm ?? 'callsoak';
  const listener = await bindUdp(RELAY_HOST, opts.port ?? 0);
  if (!listener) throw new Error(`cannot listen on ${RELAY_HOST}:${opts.port ?? 0} (port in use?)`);
  const port = listener.address().port;
  const credentials = new CredentialStore(realm);
  const scheduler = new DeliveryScheduler();
  const relaySockets = new RelaySockets(RELAY_HOST);
  const calls = new Map<string, CallLegs>();
  let closed = false;

  // relayed port → allocation, to hand datagrams between two of our own allocations directly
  const byRelayPort = new Map<number, Allocation>();
  const handoff = opts.localHandoff ?? true;
  let localHandoffs = 0;
  let relayed = 0;
  let received = 0;
  // open fronts by call id
  const fronts = new Map<string, RelayFront[]>();

  // What a leg's offer carries as its target, and so what its send gets back: a RelayFront for a
  // front's traffic, otherwise the TURN allocation the datagram belongs to.
  const sendUp: SendFn = (data, target, address, peerPort) => {
    if (target instanceof RelayFront) return target.sendToEdge(data, address, peerPort);
    const source = target as Allocation;
    const local = handoff && address === RELAY_HOST ? byRelayPort.get(peerPort) : undefined;
    if (local) {
      // Both peers of a call allocate here: deliver to the other allocation as if the datagram
      // had crossed loopback from our relayed address (same permission check, then its `down`
      // leg), without the two system calls of a real hop.
      localHandoffs++;
      core.handlePeerDatagram(local, data, RELAY_HOST, source.relayPort, clock());
      return;
    }
    const socket = source.io as Socket | null;
    if (socket) socket.send(data, peerPort, address);
  };
  const sendDown: SendFn = (data, target, address, clientPort) => {
    if (target instanceof RelayFront) return target.sendToClient(data, address, clientPort);
    listener.send(data, clientPort, address);
  };

  const callFor = (callId: string, seedKey?: string): CallLegs => {
    let call = calls.get(callId);
    if (!call) {
      calls.set(callId, (call = new CallLegs(callId, clock(), opts.seed, scheduler, sendUp, sendDown, seedKey)));
      call.seriesWindowSeconds = opts.seriesWindowSeconds;
    }
    return call;
  };

  const sink: TurnSink = {
    sendControl(address, clientPort, data, allocation) {
      if (allocation && calls.get(allocation.callId)?.pipeline(allocation.role, 'down').shouldDropControl(clock())) return;
      listener.send(data, clientPort, address);
    },
    relayToPeer(allocation, peerAddress, peerPort, payload) {
      relayed++;
      callFor(allocation.callId).pipeline(allocation.role, 'up').offer(payload, 0, allocation, peerAddress, peerPort, clock());
    },
    relayToClient(allocation, framed, payloadOffset) {
      relayed++;
      callFor(allocation.callId).pipeline(allocation.role, 'down').offer(framed, payloadOffset, allocation, allocation.clientAddress, allocation.clientPort, clock());
    },
    openRelay(allocation, request) {
      const call = callFor(allocation.callId);
      if (allocation.userCallId !== allocation.callId) call.parentCallId = allocation.userCallId;
      call.controlCounters(allocation.role).allocations++;
      if (opts.sharedUser && allocation.username === opts.sharedUser.username && call.label === call.callId) {
        call.label = `${call.callId} (client ${allocation.clientAddress}:${allocation.clientPort})`;
        call.setImpairment(allocation.role, 'up', opts.sharedUser.up, clock());
        call.setImpairment(allocation.role, 'down', opts.sharedUser.down, clock());
      }
      void relaySockets.open(request).then((opened) => {
        if (!opened) return core.relayFailed(allocation);
        if (closed || core.allocations.get(allocation.clientAddress, allocation.clientPort) !== allocation) {
          opened.socket.close();
          return;
        }
        allocation.io = opened.socket;
        byRelayPort.set(opened.port, allocation);
        opened.socket.on('message', (msg, rinfo) => {
          received++;
          const now = clock();
          scheduler.runDue(now, EARLY_RELEASE_MS);
          core.handlePeerDatagram(allocation, msg, rinfo.address, rinfo.port, now);
        });
        // a peer that went away (ICMP unreachable) is not the relay's problem: the packet is simply gone
        opened.socket.on('error', () => {});
        core.relayOpened(allocation, opened.port, opened.token);
      });
    },
    closeRelay(allocation) {
      if (byRelayPort.get(allocation.relayPort) === allocation) byRelayPort.delete(allocation.relayPort);
      const socket = allocation.io as Socket | null;
      allocation.io = null;
      socket?.close();
    },
    countMalformed(allocation) {
      if (allocation) callFor(allocation.callId).controlCounters(allocation.role).malformed++;
    },
  };
  const core = new TurnServerCore({ credentials, sink, relayAddress: RELAY_HOST });

  // a front's datagram arrived: counted as read, due packets go first; returns the clock
  const frontArrival = (): number => {
    received++;
    const now = clock();
    scheduler.runDue(now, EARLY_RELEASE_MS);
    return now;
  };
  // a front's datagrams cross the same legs as an allocation's, with the front as their target
  const frontListener: FrontListener = {
    fromClient(front, data) {
      relayed++;
      callFor(front.callId).pipeline(front.role, 'up').offer(data, 0, front, front.target.host, front.target.port, frontArrival());
    },
    fromEdge(front, data, clientAddress, clientPort) {
      relayed++;
      callFor(front.callId).pipeline(front.role, 'down').offer(data, 0, front, clientAddress, clientPort, frontArrival());
    },
    ignored() {
      received++;
    },
  };
  const closeFronts = (callId: string) => {
    const open = fronts.get(callId) ?? [];
    for (const front of open) front.close();
    fronts.delete(callId);
  };

  if (opts.sharedUser) {
    credentials.add({ username: opts.sharedUser.username, password: opts.sharedUser.password, callId: opts.sharedUser.callId, role: 'consumer', legPerAllocation: true });
  }

  listener.on('message', (msg, rinfo) => {
    received++;
    if (!isLoopback(rinfo.address)) return;
    const now = clock();
    scheduler.runDue(now, EARLY_RELEASE_MS);
    // with `impairControl`, a client's own requests on an existing allocation can be dropped on the way in
    if (msg.length >= 20 && msg[0]! < 4 && ((msg[0]! << 8) | msg[1]!) !== SEND_INDICATION_TYPE) {
      const allocation = core.allocations.get(rinfo.address, rinfo.port);
      if (allocation && calls.get(allocation.callId)?.pipeline(allocation.role, 'up').shouldDropControl(now)) return;
    }
    core.handleClientDatagram(msg, rinfo.address, rinfo.port, now);
  });
  listener.on('error', () => {});

  // one timer for all delayed packets, armed for the earliest due time
  let timer: NodeJS.Timeout | null = null;
  let timerAtMs = Infinity;
  const arm = (atMs: number) => {
    if (closed || atMs >= timerAtMs) return;
    if (timer) clearTimeout(timer);
    timerAtMs = atMs;
    timer = setTimeout(onTimer, Math.max(0, atMs - clock()));
  };
  const onTimer = () => {
    timer = null;
    timerAtMs = Infinity;
    scheduler.runDue(clock(), EARLY_RELEASE_MS);
    const next = scheduler.nextDueMs();
    if (next < Infinity) arm(next);
  };
  scheduler.onEarlier = arm;
  const expiry = setInterval(() => core.tick(clock()), 1000);
  expiry.unref();

  let userCounter = 0;
  return {
    url: `turn:${RELAY_HOST}:${port}?transport=udp`,
    port,
    realm,
    createCredentials(callId, role, seedKey) {
      callFor(callId, seedKey);
      const username = `cs${++userCounter}-${role}-${randomBytes(3).toString('hex')}`;
      const credential = randomBytes(18).toString('base64url');
      credentials.add({ username, password: credential, callId, role, legPerAllocation: false });
      return { username, credential };
    },
    async openFront(callId, role, target, seedKey) {
      const where = `openFront(${JSON.stringify(callId)}, ${JSON.stringify(role)})`;
      if (role !== 'consumer' && role !== 'business') throw new Error(`${where}: role must be 'consumer' or 'business'`);
      const problem = frontTargetProblem(target);
      if (problem) throw new Error(`${where}: ${problem}`);
      if (closed) throw new Error('the relay is closed');
      callFor(callId, seedKey);
      const front = await RelayFront.open(RELAY_HOST, callId, role, target, frontListener);
      if (!front) throw new Error(`${where}: no free UDP port on ${RELAY_HOST}`);
      // the relay closed, or the call ended, while the sockets were being bound
      if (closed || !calls.has(callId)) {
        front.close();
        throw new Error(closed ? 'the relay is closed' : `${where}: the call ended while its front was opening`);
      }
      fronts.set(callId, [...(fronts.get(callId) ?? []), front]);
      return front.address;
    },
    setImpairment(callId, role, direction, impairment) {
      callFor(callId).setImpairment(role, direction, impairment, clock());
    },
    groundTruth(callId) {
      return calls.get(callId)?.groundTruth() ?? [];
    },
    controlCounters(callId) {
      return calls.get(callId)?.allControlCounters() ?? [];
    },
    calls() {
      return [...calls.values()].map((call) => ({ callId: call.callId, label: call.label }));
    },
    stats() {
      return { ...core.counters, errors: { ...core.counters.errors }, allocations: core.allocations.size, fronts: [...fronts.values()].reduce((sum, open) => sum + open.length, 0), scheduled: scheduler.size, localHandoffs, relayed };
    },
    endCall(callId) {
      core.deleteCall(callId);
      for (const user of credentials.usersOfCall(callId)) credentials.remove(user.username);
      for (const [id, call] of calls) {
        if (id === callId || call.parentCallId === callId) {
          closeFronts(id);
          call.discardPending();
          calls.delete(id);
        }
      }
    },
    datagramsReceived() {
      return received;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(expiry);
      for (const allocation of [...core.allocations.values()]) core.deleteCall(allocation.callId);
      for (const callId of [...fronts.keys()]) closeFronts(callId);
      relaySockets.close();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
