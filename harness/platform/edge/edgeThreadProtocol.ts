/**
 * The messages between the edge's owner (startEdgeThread.ts) and the edge's thread
 * (edgeThreadMain.ts), and the thread's name.
 */
import type { RpcReady, RpcReply, RpcRequest } from '../../threads/rpcThreadProtocol.ts';
import type { EdgeCore } from './createEdgeCore.ts';
import type { EdgeLegName } from './edgeLeg.ts';

/** the thread's name as `top -H` and /proc/<pid>/task/<tid>/comm show it (Linux; at most 15 characters) */
export const EDGE_THREAD_NAME = 'callsoak-edge';

/** every EdgeCore method is called across the boundary */
export type ToEdgeThread = RpcRequest<EdgeCore>;

/** a leg's liveness ran out */
export type EdgeLegGone = { kind: 'legGone'; callId: string; leg: EdgeLegName; detail: string };

export type FromEdgeThread =
  /** the edge is ready for calls */
  | RpcReady
  | EdgeLegGone
  | RpcReply;
