/**
 * Entry point of the edge's own thread (started by startEdgeThread.ts): werift's sockets, DTLS,
 * SRTP, the forwarding and the liveness sweep live here, in an event loop nothing else runs on.
 * Requests are answered as they come (a slow answer, werift gathering, does not hold up a
 * report); each gets one reply.
 */
import { writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createEdgeCore } from './createEdgeCore.ts';
import { EDGE_THREAD_NAME, type FromEdgeThread, type ToEdgeThread } from './edgeThreadProtocol.ts';
import type { EdgeCoreOptions } from './startMediaEdgeOptions.ts';

const owner = parentPort!;
try {
  // Linux: the edge's CPU shows apart from its worker's; elsewhere the thread keeps its name
  writeFileSync('/proc/thread-self/comm', EDGE_THREAD_NAME);
} catch {
  // no /proc: only the name is missing
}
const send = (message: FromEdgeThread) => owner.postMessage(message);
const core = createEdgeCore(workerData as EdgeCoreOptions, (callId, leg, detail) => send({ kind: 'legGone', callId, leg, detail }));

owner.on('message', async (request: ToEdgeThread) => {
  try {
    const method = core[request.method] as (...args: unknown[]) => Promise<unknown>;
    const value = await method.apply(core, request.args);
    send({ kind: 'reply', id: request.id, value });
  } catch (error) {
    send({ kind: 'reply', id: request.id, error: (error as Error).message });
  }
  // closed: no socket or timer is left, so letting go of the owner's port ends the thread
  if (request.method === 'close') owner.unref();
});
send({ kind: 'ready' });
