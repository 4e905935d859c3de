/**
 * Starts the emulated Meta media edge on werift: by default in a thread of its own
 * (startEdgeThread.ts), or with `isolation: 'in-process'` in the caller's event loop. Either way
 * the caller gets a MediaEdgeWithMedia (../mediaEdge.ts). See ../README.md, "The media edge".
 */
import type { MediaEdgeWithMedia } from '../mediaEdge.ts';
import { createEdgeCore, type EdgeCore } from './createEdgeCore.ts';
import { startEdgeThread } from './startEdgeThread.ts';
import type { StartMediaEdgeOptions } from './startMediaEdgeOptions.ts';

export type { EdgeIsolation, EdgeLegName, StartMediaEdgeOptions } from './startMediaEdgeOptions.ts';
export { DEFAULT_LIVENESS_MS } from './startMediaEdgeOptions.ts';

/** the edge as started: MediaEdgeWithMedia, plus where it runs */
export interface StartedMediaEdge extends MediaEdgeWithMedia {
  /** where the edge runs (tests check the default) */
  readonly isolation: 'thread' | 'in-process';
  /** frees the call's legs (not optional here, unlike MediaEdge's: this edge always has media to free) */
  release(callId: string): void;
}

export async function startMediaEdge(opts: StartMediaEdgeOptions = {}): Promise<StartedMediaEdge> {
  const { isolation = 'thread', onLegGone = () => {}, ...coreOptions } = opts;
  const core: EdgeCore = isolation === 'thread' ? await startEdgeThread(coreOptions, onLegGone) : createEdgeCore(coreOptions, onLegGone);
  return {
    isolation,
    answer: (offerSdp, callId, answerOpts) => core.answer(offerSdp, callId, answerOpts),
    consumerOffer: (callId, version) => core.consumerOffer(callId, version),
    answerConsumer: (callId, offerSdp) => core.answerConsumer(callId, offerSdp),
    report: (callId) => core.report(callId),
    // MediaEdge.release is fire-and-forget (the platform does not wait): a failure here is the edge's, not the call's
    release: (callId) => void core.release(callId).catch(() => undefined),
    close: () => core.close(),
  };
}
