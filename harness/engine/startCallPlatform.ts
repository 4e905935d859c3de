/**
 * Starts what every call of a worker goes through (node side): the emulated platform (with
 * /call_metrics), its media edge, and the reference business's own server, subscribed to the
 * platform's webhooks with the verification handshake. The Playwright fixtures and the
 * capacity bench start it the same way.
 */
import { startBusinessBackend } from '../business/businessBackend.ts';
import { startMediaEdge } from '../platform/edge/startMediaEdge.ts';
import { startPlatform, type Platform, type PlatformCallMetricsOptions } from '../platform/startPlatform.ts';
import { failLiveCall, type CallPlatform } from './platformLink.ts';

/** The Graph API version the business's client puts in its URLs (the platform accepts any vNN.N or none). */
export const GRAPH_VERSION = 'v21.0';

/**
 * How long a quiet leg lives before the platform fails its call, ms. Longer than the business's
 * own connection-loss timers (Connection_Dropped is the business's call) and than the blackouts
 * scenarios recover from; a consumer whose app vanished is failed at once anyway.
 */
const EDGE_LIVENESS_MS = 20_000;

export interface CallPlatformIdentity {
  pageId: string;
  appId: string;
  /** the app's Page access token */
  accessToken: string;
  /** signs webhooks (X-Hub-Signature-256) */
  appSecret: string;
  /** the webhook subscription's verify token */
  verifyToken: string;
}

export interface RunningCallPlatform extends CallPlatform {
  close(): Promise<void>;
}

export async function startCallPlatform(identity: CallPlatformIdentity, options: { seed: number; callMetrics?: PlatformCallMetricsOptions }): Promise<RunningCallPlatform> {
  let platform: Platform | undefined;
  const edge = await startMediaEdge({
    livenessMs: EDGE_LIVENESS_MS,
    // the platform notices a leg that went quiet and fails its call, as Meta's edge would
    onLegGone: (callId: string) => {
      if (platform) failLiveCall(platform, callId);
    },
  });
  try {
    platform = await startPlatform({ ...identity, mediaEdge: edge, seed: options.seed, ...(options.callMetrics ? { callMetrics: options.callMetrics } : {}) });
    const backend = await startBusinessBackend({ graphUrl: platform.url, graphVersion: GRAPH_VERSION, ...identity, seed: options.seed });
    const subscribed = await platform.subscribe({ callbackUrl: backend.webhookUrl, verifyToken: identity.verifyToken, fields: ['calls', 'call_permission_reply'] });
    if (!subscribed.ok) throw new Error(`the business's webhook could not be subscribed: ${subscribed.reason}`);
    const running = platform;
    return {
      platform: running,
      edge,
      backend,
      pageId: identity.pageId,
      async close() {
        await backend.close();
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
