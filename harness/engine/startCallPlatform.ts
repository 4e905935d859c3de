/**
 * Starts what every call of a worker goes through (node side): the emulated platform (with
 * /call_metrics), its media edge, and the business's server subscribed to the platform's
 * webhooks with the verification handshake — the reference business's own server, or, with an
 * external business, the team's integration at its webhook URL (its media then reaches the edge
 * through a relay front: frontedMediaEdge.ts). The Playwright fixtures and the capacity bench
 * start it the same way.
 */
import { startBusinessBackend } from '../business/businessBackend.ts';
import { startMediaEdge } from '../platform/edge/startMediaEdge.ts';
import { startPlatform, type Platform, type PlatformCallMetricsOptions } from '../platform/startPlatform.ts';
import type { Relay } from '../relay/startRelay.ts';
import { failLiveCall, type CallPlatform } from './platformLink.ts';
import { frontedMediaEdge } from './frontedMediaEdge.ts';
import { GRAPH_VERSION } from '../platform/graphVersion.ts';

export { GRAPH_VERSION } from '../platform/graphVersion.ts';
// the identity the platform is started with, for the fixtures above the engine
export { platformIdentity } from '../platform/platformIdentity.ts';
import type { PlatformIdentity } from '../platform/platformIdentity.ts';

/**
 * How long a quiet leg lives before the platform fails its call, ms. Longer than the business's
 * own connection-loss timers (Connection_Dropped is the business's call) and than the blackouts
 * scenarios recover from; a consumer whose app vanished is failed at once anyway.
 */
const EDGE_LIVENESS_MS = 20_000;
/** How long an external integration's webhook may take to answer the handshake again, once the CLI saw it answer, ms. */
const EXTERNAL_SUBSCRIBE_MS = 10_000;

/** the Page, app, token and secrets the platform works with (platform/platformIdentity.ts) */
export type CallPlatformIdentity = PlatformIdentity;

/** A team's own integration instead of the reference business. */
export interface ExternalBusinessTarget {
  /** its webhook URL */
  webhookUrl: string;
  /** the platform's port: the integration was given its Graph URL before the worker started */
  graphPort: number;
  /** the relay its media must cross */
  relay: Pick<Relay, 'openFront'>;
}

export interface RunningCallPlatform extends CallPlatform {
  close(): Promise<void>;
}

export async function startCallPlatform(identity: CallPlatformIdentity, options: { seed: number; callMetrics?: PlatformCallMetricsOptions; external?: ExternalBusinessTarget }): Promise<RunningCallPlatform> {
  let platform: Platform | undefined;
  const media = await startMediaEdge({
    livenessMs: EDGE_LIVENESS_MS,
    // the platform notices a leg that went quiet and fails its call, as Meta's edge would
    onLegGone: (callId: string) => {
      if (platform) failLiveCall(platform, callId);
    },
  });
  const external = options.external;
  const edge = external ? frontedMediaEdge(media, external.relay) : media;
  try {
    platform = await startPlatform({
      ...identity,
      mediaEdge: edge,
      seed: options.seed,
      ...(external ? { port: external.graphPort } : {}),
      ...(options.callMetrics ? { callMetrics: options.callMetrics } : {}),
    });
    const backend = external ? undefined : await startBusinessBackend({ graphUrl: platform.url, graphVersion: GRAPH_VERSION, ...identity, seed: options.seed });
    const callbackUrl = external ? external.webhookUrl : backend!.webhookUrl;
    const subscribed = await subscribeWithin(platform, callbackUrl, identity.verifyToken, external ? EXTERNAL_SUBSCRIBE_MS : 0);
    if (!subscribed.ok) {
      await backend?.close();
      throw new Error(`the business's webhook ${callbackUrl} could not be subscribed: ${subscribed.reason}`);
    }
    const running = platform;
    return {
      platform: running,
      edge,
      ...(backend ? { backend } : {}),
      pageId: identity.pageId,
      async close() {
        await backend?.close();
        await running.close();
        await edge.close();
      },
    };
  } catch (error) {
    await platform?.close();
    await edge.close();
    throw error;
  }
}

/** Subscribes the callback, trying again for `withinMs` (an integration restarting between two runs of a worker). */
async function subscribeWithin(platform: Platform, callbackUrl: string, verifyToken: string, withinMs: number) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const result = await platform.subscribe({ callbackUrl, verifyToken, fields: ['calls', 'call_permission_reply'] });
    if (result.ok || Date.now() >= deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
