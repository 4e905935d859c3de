/**
 * The options of startMediaEdge and what crosses into the edge's thread (everything here but
 * the callback is plain data).
 */
import type { EdgeLegName } from './edgeLeg.ts';

export type { EdgeLegName } from './edgeLeg.ts';

export type EdgeIsolation = 'thread' | 'in-process';

/** the liveness default, ms: Chromium checks a stable connection every 2.5 s and sends RTP (or DTX frames every 400 ms) far more often */
export const DEFAULT_LIVENESS_MS = 5_000;

/** the options that reach the edge's core (plain data: they cross into its thread) */
export interface EdgeCoreOptions {
  /** a leg that sent no STUN request and no RTP for this long is gone, ms; default 5 000 */
  livenessMs?: number;
}

export interface StartMediaEdgeOptions extends EdgeCoreOptions {
  /**
   * 'thread' (default): the edge (werift's ICE, DTLS, SRTP, the forwarding) runs in a worker
   * thread of its own, so a busy Playwright worker adds no delay or jitter to forwarded media;
   * 'in-process': in the caller's event loop (tests, debugging).
   */
  isolation?: EdgeIsolation;
  /**
   * A leg's liveness ran out (called once per leg): the platform ends the call as Failed.
   * `detail` says how long the leg was silent.
   */
  onLegGone?: (callId: string, leg: EdgeLegName, detail: string) => void;
}
