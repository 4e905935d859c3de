/**
 * Starts the embedded impairing TURN relay: by default in a thread of its own
 * (startRelayThread.ts), so that what the starter's event loop does — a Playwright worker's
 * call timeline, Playwright's client, the endpoint, garbage collection — adds no delay or
 * jitter to relayed media; or, with `isolation: 'in-process'`, in the starter's own loop.
 * Either way the caller gets the same `Relay` (relayTypes.ts).
 */
import { drainSockets } from './drainSockets.ts';
import { assertValidImpairment } from './impairmentSchema.ts';
import type { Relay, StartRelayOptions } from './relayTypes.ts';
import { startRelayServer, type RelayServer } from './startRelayServer.ts';
import { startRelayThread } from './startRelayThread.ts';

export type { Direction, LegControlCounters, LegGroundTruth, Role } from './core/groundTruthTypes.ts';
export type { Impairment } from './impairmentSchema.ts';
export type { Relay, RelayIsolation, RelayStats, StartRelayOptions } from './relayTypes.ts';
export { RELAY_HOST } from './relayTypes.ts';

export async function startRelay(opts: StartRelayOptions): Promise<Relay> {
  const { isolation = 'thread', clock, ...serverOptions } = opts;
  if (isolation === 'thread') {
    if (clock) throw new Error("startRelay: a clock needs isolation: 'in-process' (a function cannot cross into the relay's thread)");
    return startRelayThread(serverOptions);
  }
  return inProcess(await startRelayServer(serverOptions, clock));
}

/** the Relay of a server in this event loop: the same answers, in the same order, as from a thread */
function inProcess(server: RelayServer): Relay {
  // one call at a time, each after the datagrams already in the sockets (as relayThreadMain.ts does)
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(body: () => T | Promise<T>): Promise<T> => {
    const answer = queue.then(() => drainSockets(() => server.datagramsReceived())).then(body);
    queue = answer.catch(() => undefined);
    return answer;
  };
  return {
    url: server.url,
    port: server.port,
    realm: server.realm,
    isolation: 'in-process',
    createCredentials: (callId, role, seedKey) => inTurn(() => server.createCredentials(callId, role, seedKey)),
    openFront: (callId, role, target, seedKey) => inTurn(() => server.openFront(callId, role, target, seedKey)),
    setImpairment(callId, role, direction, impairment) {
      assertValidImpairment(impairment, `${callId}.${role}.${direction}`);
      return inTurn(() => server.setImpairment(callId, role, direction, impairment));
    },
    groundTruth: (callId) => inTurn(() => server.groundTruth(callId)),
    controlCounters: (callId) => inTurn(() => server.controlCounters(callId)),
    calls: () => inTurn(() => server.calls()),
    stats: () => inTurn(() => server.stats()),
    endCall: (callId) => inTurn(() => server.endCall(callId)),
    close: () => inTurn(() => server.close()),
  };
}
