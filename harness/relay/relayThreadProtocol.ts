/**
 * The messages between a relay's owner (startRelayThread.ts) and the relay's thread
 * (relayThreadMain.ts), and the thread's name. The owner calls the RelayServer's methods by
 * name; the thread answers each request, in the order they were sent.
 */
import type { RelayServer } from './startRelayServer.ts';

/** the RelayServer methods the owner calls across the boundary */
export type RelayMethodName = 'createCredentials' | 'setImpairment' | 'groundTruth' | 'controlCounters' | 'calls' | 'stats' | 'endCall' | 'close';

/** the thread's name as `top -H` and /proc/<pid>/task/<tid>/comm show it (Linux; at most 15 characters) */
export const RELAY_THREAD_NAME = 'callsoak-relay';

export type RelayCall = { [M in RelayMethodName]: { method: M; args: Parameters<RelayServer[M]> } }[RelayMethodName];

export type ToRelayThread = { id: number } & RelayCall;

export type FromRelayThread =
  /** the relay is listening */
  | { kind: 'listening'; port: number; realm: string }
  /** it could not start (e.g. the port is taken); the thread then exits */
  | { kind: 'failed'; message: string }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'reply'; id: number; error: string };
