/**
 * The messages between the edge's owner (startEdgeThread.ts) and the edge's thread
 * (edgeThreadMain.ts), and the thread's name.
 */
import type { EdgeCore } from './createEdgeCore.ts';
import type { EdgeLegName } from './edgeLeg.ts';

/** the EdgeCore methods the owner calls across the boundary */
export type EdgeMethodName = keyof EdgeCore;

/** the thread's name as `top -H` and /proc/<pid>/task/<tid>/comm show it (Linux; at most 15 characters) */
export const EDGE_THREAD_NAME = 'callsoak-edge';

export type EdgeCall = { [M in EdgeMethodName]: { method: M; args: Parameters<EdgeCore[M]> } }[EdgeMethodName];

export type ToEdgeThread = { id: number } & EdgeCall;

export type FromEdgeThread =
  /** the edge is ready for calls */
  | { kind: 'ready' }
  /** a leg's liveness ran out */
  | { kind: 'legGone'; callId: string; leg: EdgeLegName; detail: string }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'reply'; id: number; error: string };
