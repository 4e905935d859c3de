/**
 * Playwright Test fixtures of a callsoak run (Playwright worker processes). The page server
 * and the endpoint live as long as a worker, so calls in the same worker share them; the
 * browser is Playwright's own worker-scoped `browser`, launched per playwright.config.ts.
 */
import { test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPlan, type RunPlan } from '../../plan/runPlan.ts';
import { isBuiltInTransform } from '../../plan/builtInTransform.ts';
import { startPageServer, type PageServer } from '../../engine/pageServer.ts';
import type { SubmissionTarget } from '../../engine/callEnvironment.ts';
import { startRelay, type Relay } from '../../relay/startRelay.ts';
import { platformIdentity, startCallPlatform } from '../../engine/startCallPlatform.ts';
import type { CallPlatform } from '../../engine/platformLink.ts';
import type { ExternalBusinessContext } from '../../engine/externalBusinessPeer.ts';
import { openExternalBusiness } from '../../engine/openExternalBusiness.ts';

/**
 * seconds of per-second relay ground truth a soak call keeps (5 min). A slot reads it every
 * minute, so this leaves four missed reads of slack. A call's window grows until it is full, and
 * the workers' heap with it, so it must fill well inside the memory-slope check's 15-minute
 * warm-up: a window that fills later shows as a step in the slope the check judges.
 */
const SOAK_SERIES_WINDOW_S = 300;

export const test = base.extend<
  object,
  { plan: RunPlan; pageServer: PageServer; submission: SubmissionTarget; relay: Relay; callPlatform: CallPlatform; externalBusiness: ExternalBusinessContext | undefined }
>({
  plan: [async ({}, use) => use(readPlan()), { scope: 'worker' }],
  pageServer: [
    async ({ plan }, use) => {
      const transform = plan.options.transform;
      const server = await startPageServer({
        ...(isBuiltInTransform(transform) ? {} : { transformModule: resolve(transform) }),
        ...(plan.options.submitter ? { submitterModule: resolve(plan.options.submitter) } : {}),
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  // One impairing TURN relay per worker: every call's media crosses it (relay-only ICE).
  relay: [
    async ({ plan }, use) => {
      // A soak's calls last hours: their per-second ground truth keeps a window (the slots read it as it goes).
      const relay = await startRelay({ seed: plan.seed, ...(plan.soak ? { seriesWindowSeconds: SOAK_SERIES_WINDOW_S } : {}) });
      await use(relay);
      await relay.close();
    },
    { scope: 'worker' },
  ],
  // The emulated Messenger Calling platform (with /call_metrics), its media edge and the
  // reference business's own server, subscribed to the platform's webhooks: every call of the
  // worker goes through them.
  callPlatform: [
    async ({ plan, relay }, use, workerInfo) => {
      const dir = join(plan.runDir, 'endpoint');
      mkdirSync(dir, { recursive: true });
      const external = plan.external;
      // An external integration was given its identity and Graph URL before the run started.
      const identity = external ? { ...external.identity, verifyToken: external.verifyToken } : platformIdentity(plan.runId);
      const world = await startCallPlatform(identity, {
        seed: plan.seed,
        callMetrics: { recordPath: join(dir, `requests-w${workerInfo.parallelIndex}-${process.pid}.jsonl`), seed: plan.seed },
        ...(external ? { external: { webhookUrl: external.webhookUrl, graphPort: external.graphPort, relay } } : {}),
      });
      await use(world);
      await world.close();
    },
    { scope: 'worker' },
  ],
  // `--business external`: the team's driver and, with --business-page, its agent console (one for the worker's calls).
  externalBusiness: [
    async ({ plan, browser }, use) => {
      if (!plan.external) return use(undefined);
      const opened = await openExternalBusiness(plan.external, browser);
      await use(opened.context);
      await opened.close();
    },
    { scope: 'worker' },
  ],
  submission: [
    async ({ plan, callPlatform }, use) => {
      const { options } = plan;
      if (options.endpoint) {
        const pageId = options.pageId ?? 'me';
        await use({
          url: `${options.endpoint.replace(/\/+$/, '')}/${pageId}/call_metrics`,
          accessToken: options.accessToken ?? '',
        });
        return;
      }
      const { accessToken } = plan.external?.identity ?? platformIdentity(plan.runId);
      await use({ url: callPlatform.platform.callMetrics.url, accessToken, endpoint: callPlatform.platform.callMetrics });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
