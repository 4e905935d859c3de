/**
 * The messages between a relay's owner (startRelayThread.ts) and the relay's thread
 * (relayThreadMain.ts), and the thread's name. The owner calls the RelayServer's methods by
 * name; the thread answers each request, in the order they were sent.
 */
import type { RpcFailed, RpcReply, RpcRequest } from '../threads/rpcThreadProtocol.ts';
import type { RelayServer } from './startRelayServer.ts';

/** the RelayServer methods the owner calls across the boundary */
export type RelayMethodName = 'createCredentials' | 'openFront' | 'setImpairment' | 'groundTruth' | 'controlCounters' | 'calls' | 'stats' | 'endCall' | 'close';
export type RelayMethods = Pick<RelayServer, RelayMethodName>;

/** the thread's name as `top -H` and /proc/<pid>/task/<tid>/comm show it (Linux; at most 15 characters) */
export const RELAY_THREAD_NAME = 'callsoak-relay';

export type ToRelayThread = RpcRequest<RelayMethods>;

/** the relay is listening */
export type RelayReady = { kind: 'ready'; port: number; realm: string };

export type FromRelayThread =
  | RelayReady
  /** it could not start (e.g. the port is taken); the thread then exits */
  | RpcFailed
  | RpcReply;
