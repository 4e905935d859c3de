/**
 * Runs the edge in a worker thread of its own (edgeThreadMain.ts) and hands back the EdgeCore
 * that talks to it, as the relay does (harness/relay/startRelayThread.ts): only requests,
 * answers and leg-gone events cross, a few per call. A thread: it dies with the Playwright
 * worker that started it.
 */
import { fileURLToPath } from 'node:url';
import { bundleThreadEntry } from '../../threads/bundleThreadEntry.ts';
import { startRpcThread } from '../../threads/startRpcThread.ts';
import type { EdgeCore } from './createEdgeCore.ts';
import type { EdgeLegName } from './edgeLeg.ts';
import type { EdgeLegGone } from './edgeThreadProtocol.ts';
import type { EdgeCoreOptions } from './startMediaEdgeOptions.ts';

const ENTRY = fileURLToPath(new URL('./edgeThreadMain.ts', import.meta.url));
/**
 * werift's CommonJS dependencies (debug, …) require node builtins at run time; an ES module
 * bundle has no `require`, so the bundle gets one (builtins only: every package is bundled)
 */
const REQUIRE_BANNER = "import{createRequire as __edgeRequire}from'node:module';const require=__edgeRequire('file:///');";
/** how much bundle esbuild may print: werift and its dependencies make a larger one than the relay's, bytes */
const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;
/** how long the thread may take to start, ms */
const START_MS = 15_000;

export async function startEdgeThread(opts: EdgeCoreOptions, onLegGone: (callId: string, leg: EdgeLegName, detail: string) => void): Promise<EdgeCore> {
  // the thread's code: edgeThreadMain.ts, werift and what they import, bundled once per process
  const { call, close } = await startRpcThread<EdgeCore, object, EdgeLegGone>({
    code: bundleThreadEntry(ENTRY, { esbuildArgs: [`--banner:js=${REQUIRE_BANNER}`], maxBufferBytes: MAX_BUNDLE_BYTES }),
    workerData: opts,
    name: "the edge's thread",
    closedMessage: 'the media edge is closed',
    startMs: START_MS,
    onEvent: (event) => onLegGone(event.callId, event.leg, event.detail),
  });
  return {
    answer: (offerSdp, callId, answerOpts) => call('answer', offerSdp, callId, answerOpts),
    consumerOffer: (callId, version) => call('consumerOffer', callId, version),
    answerConsumer: (callId, offerSdp) => call('answerConsumer', callId, offerSdp),
    report: (callId) => call('report', callId),
    release: (callId) => call('release', callId),
    close,
  };
}
