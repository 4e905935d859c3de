/**
 * Entry point of a relay's own thread (started by startRelayThread.ts): the relay, its sockets,
 * its delivery timer and its garbage live here, in an event loop that nothing else runs on. It
 * answers its owner's requests one at a time, in order, each once the datagrams already in its
 * sockets are through (drainSockets.ts): a read sees every change asked for before it and every
 * packet sent before it, and a change applies to the packets sent after it.
 */
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { drainSockets } from './drainSockets.ts';
import { RELAY_THREAD_NAME } from './relayThreadProtocol.ts';
import type { FromRelayThread, ToRelayThread } from './relayThreadProtocol.ts';
import { startRelayServer, type RelayServer } from './startRelayServer.ts';
import type { RelayServerOptions } from './relayTypes.ts';

const owner = parentPort!;
try {
  // Linux: the relay's CPU shows apart from its worker's; elsewhere the thread keeps its name
  writeFileSync('/proc/thread-self/comm', RELAY_THREAD_NAME);
} catch {
  // no /proc: only the name is missing
}
const send = (message: FromRelayThread) => owner.postMessage(message);

async function answer(server: RelayServer, request: ToRelayThread): Promise<void> {
  try {
    await drainSockets(() => server.datagramsReceived());
    const method = server[request.method] as (...args: unknown[]) => unknown;
    const value = await method.apply(server, request.args);
    send({ kind: 'reply', id: request.id, value });
  } catch (error) {
    send({ kind: 'reply', id: request.id, error: (error as Error).message });
  }
  // closed: no socket or timer is left, so letting go of the owner's port ends the thread
  if (request.method === 'close') owner.unref();
}

const started = await startRelayServer(workerData as RelayServerOptions).catch((error: Error) => {
  send({ kind: 'failed', message: error.message });
  return undefined;
});
if (started) {
  const server = started;
  let queue = Promise.resolve();
  owner.on('message', (request: ToRelayThread) => {
    queue = queue.then(() => answer(server, request));
  });
  send({ kind: 'ready', port: server.port, realm: server.realm });
}
