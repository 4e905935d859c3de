/**
 * The messages every request/response thread (startRpcThread.ts) shares with its owner: requests
 * by id, one reply each, and the start handshake. A thread's own protocol file names its methods,
 * what its `ready` carries and the events it sends of its own accord.
 */

/** the methods an owner calls across the boundary, by name */
export type RpcMethods<Methods> = { [M in keyof Methods]: (...args: never[]) => unknown };

/** a call of one of the methods: its name, its arguments, and the id its reply carries */
export type RpcRequest<Methods extends RpcMethods<Methods>> = {
  [M in keyof Methods]: { id: number; method: M; args: Parameters<Methods[M]> };
}[keyof Methods];

/** the answer to one request: its value, or the message of what it threw */
export type RpcReply = { kind: 'reply'; id: number; value: unknown } | { kind: 'reply'; id: number; error: string };

/** the thread is ready for requests; what else it carries is the thread's */
export type RpcReady = { kind: 'ready' };

/** the thread could not start; it then exits */
export type RpcFailed = { kind: 'failed'; message: string };
