/**
 * Entry point of a Node peer process: one call participant on libwebrtc, driven over IPC by
 * the harness (engine/nodePeer.ts), running the same call agent as a Chromium page
 * (harness/agent). One process per participant, like a page per participant: a native crash
 * in libwebrtc takes down this peer, not the worker that runs the relay and the endpoint.
 */
import { CallAgent } from '../agent/callAgent.ts';
import type { AgentEvent } from '../agent/agentProtocol.ts';
import type { SignalEnvelope } from '../signaling/signalTypes.ts';
import { loadWrtc } from './loadWrtc.ts';
import { nodePlatform, type NodePlatform } from './nodePlatform.ts';
import type { FromNodePeer, NodePeerMethod, ToNodePeer } from './nodePeerProtocol.ts';
import { trackFetches } from './trackFetches.ts';

/** how long a stopping peer waits for submissions in flight before it exits, ms */
const DRAIN_MS = 15_000;

const send = (message: FromNodePeer): void => {
  process.send?.(message);
};

const { wrtc, version } = loadWrtc();
const fetches = trackFetches();
const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
let nextId = 1;
let agent: CallAgent | undefined;
let platform: NodePlatform | undefined;

/** Hands a message to the harness and resolves when it acknowledges, as a page binding does. */
function toHarness(message: { kind: 'signal'; envelope: SignalEnvelope } | { kind: 'emit'; event: AgentEvent }): Promise<void> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    send({ ...message, id } as FromNodePeer);
  });
}

async function stop(exitCode: number): Promise<never> {
  await fetches.settled(DRAIN_MS);
  agent?.closeAll();
  // libwebrtc's threads are not joined on a plain exit; give its close a moment, then leave.
  setTimeout(() => process.exit(exitCode), 50);
  return new Promise<never>(() => {});
}

async function run(request: NodePeerMethod): Promise<void> {
  if (request.method === 'launch') {
    const [launch] = request.args;
    platform = nodePlatform({
      wrtc,
      mediaPath: launch.mediaPath,
      teamModules: launch.teamModules,
      signal: (envelope) => toHarness({ kind: 'signal', envelope }),
      emit: (event) => toHarness({ kind: 'emit', event }),
    });
    agent = new CallAgent(platform);
    await agent.init(launch.init);
    return;
  }
  if (!agent || !platform) throw new Error(`${request.method}: the peer was not launched`);
  switch (request.method) {
    case 'call':
      return agent.call();
    case 'pickUp':
      return agent.pickUp();
    case 'placeCall':
      return agent.placeCall(request.args[0]);
    case 'answer':
      return agent.answer();
    case 'decline':
      return agent.decline();
    case 'hangUp':
      return agent.hangUp(request.args[0]);
    case 'mute':
      return agent.mute(request.args[0]);
    case 'unmute':
      return agent.unmute(request.args[0]);
    case 'deliver':
      return agent.onSignal(request.args[0]);
    case 'goAway':
      platform.goAway();
      void stop(0);
      return;
    case 'shutdown':
      void stop(0);
      return;
  }
}

process.on('message', (message: ToNodePeer) => {
  if (message.kind === 'ack') {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error));
    else waiter?.resolve();
    return;
  }
  run(message).then(
    () => send({ kind: 'reply', id: message.id }),
    (error: Error) => send({ kind: 'reply', id: message.id, error: `${error.name}: ${error.message}` }),
  );
});
// The harness went away without saying so (its worker died): do not outlive it.
process.on('disconnect', () => void stop(1));
send({ kind: 'hello', runtime: { node: process.version, wrtc: version } });
