/**
 * Runs the relay in a worker thread of its own (relayThreadMain.ts) and hands back the Relay
 * that talks to it. Every datagram, its impairment, its delay timer, the hand-off between two
 * allocations and the counting stay in the thread; only the owner's calls and their answers
 * cross, as messages, a few per call and per read. A thread rather than a process: it cannot
 * outlive the process that started it (a killed Playwright worker takes its relay with it),
 * and it needs no channel of its own (bench/relay-isolation.ts measures the two).
 */
import { fileURLToPath } from 'node:url';
import { bundleThreadEntry } from '../threads/bundleThreadEntry.ts';
import { startRpcThread } from '../threads/startRpcThread.ts';
import { assertValidImpairment } from './impairmentSchema.ts';
import type { RelayMethods, RelayReady } from './relayThreadProtocol.ts';
import type { Relay, RelayServerOptions } from './relayTypes.ts';
import { RELAY_HOST } from './relayTypes.ts';

const ENTRY = fileURLToPath(new URL('./relayThreadMain.ts', import.meta.url));
/** how long the thread may take to start and listen, ms */
const START_MS = 15_000;

export async function startRelayThread(opts: RelayServerOptions): Promise<Relay> {
  const { ready, call, close } = await startRpcThread<RelayMethods, RelayReady>({
    code: bundleThreadEntry(ENTRY),
    workerData: opts,
    name: "the relay's thread",
    closedMessage: 'the relay is closed',
    startMs: START_MS,
  });
  return {
    url: `turn:${RELAY_HOST}:${ready.port}?transport=udp`,
    port: ready.port,
    realm: ready.realm,
    isolation: 'thread',
    createCredentials: (callId, role, seedKey) => call('createCredentials', callId, role, seedKey),
    openFront: (callId, role, target, seedKey) => call('openFront', callId, role, target, seedKey),
    setImpairment(callId, role, direction, impairment) {
      assertValidImpairment(impairment, `${callId}.${role}.${direction}`);
      return call('setImpairment', callId, role, direction, impairment);
    },
    groundTruth: (callId) => call('groundTruth', callId),
    controlCounters: (callId) => call('controlCounters', callId),
    calls: () => call('calls'),
    stats: () => call('stats'),
    endCall: (callId) => call('endCall', callId),
    close,
  };
}
