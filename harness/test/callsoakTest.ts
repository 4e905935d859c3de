/**
 * The Playwright API, `import { test, expect } from 'callsoak/test'` (a Playwright worker).
 * Worker fixtures start what the CLI's workers start — the emulated platform with the reference
 * business (or, with `test.use({ callsoakOptions: { businessCommand | webhookUrl, … } })`, the
 * team's own integration, started and handshaken as `--business external` does), the relay,
 * the page server — and the test-scoped `callsoak` fixture places calls
 * through them in Playwright's own `browser` (configure it with `use: chromiumUse()`). Each
 * call's result is attached to the test as `call-result.json`, as the CLI's calls are.
 */
import { test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { embeddedIdentity } from '../engine/embeddedIdentity.ts';
import { startPageServer, type PageServer } from '../engine/pageServer.ts';
import { startCallPlatform, type RunningCallPlatform } from '../engine/startCallPlatform.ts';
import type { SubmissionTarget } from '../engine/callEnvironment.ts';
import { startRelay, type Relay } from '../relay/startRelay.ts';
import { ensureSpeechWav } from '../cli/speechWav.ts';
import { startExternalBusiness } from '../cli/startExternalBusiness.ts';
import { openExternalBusiness } from '../engine/openExternalBusiness.ts';
import type { ExternalBusinessContext } from '../engine/externalBusinessPeer.ts';
import type { CallResult } from '../results/resultsTypes.ts';
import { callNameOf, callScenario } from './callScenario.ts';
import { LiveCall } from './liveCall.ts';
import { parsePlaceCallOptions, type PlaceCallOptions } from './placeCallOptions.ts';
import { externalBusinessOf, parseCallsoakOptions, type CallsoakOptions } from './callsoakOptions.ts';

export { expect } from '@playwright/test';
export { chromiumUse, type ChromiumUse } from './chromiumUse.ts';
export { CallsoakOptionsError, type ImpairOptions, type PlaceCallOptions } from './placeCallOptions.ts';
export type { CallsoakOptions } from './callsoakOptions.ts';
export type { LiveCall } from './liveCall.ts';
export type { CallResult, CheckResult } from '../results/resultsTypes.ts';

/** the attachment each call's result is, as in the CLI's calls.spec.ts */
export const CALL_RESULT_ATTACHMENT = 'call-result.json';
/** the embedded platform's identity derives from this (fixed: no run id here) */
const IDENTITY_KEY = 'callsoak/test';

/** What a worker runs every call through. */
export interface CallsoakWorker {
  pageServer: PageServer;
  relay: Relay;
  platform: RunningCallPlatform;
  submission: SubmissionTarget;
  /** the speech WAV a Node peer's microphone plays (Chromium's comes from its launch args) */
  mediaPath: string;
  options: CallsoakOptions;
  /** the team's own integration, when callsoakOptions names one */
  externalBusiness?: ExternalBusinessContext;
}

/** The test-scoped `callsoak` fixture. */
export interface Callsoak {
  /**
   * Places a call: the consumer calls, the business rings and answers, both talk until
   * `call.hangUp()` (or `maxTalkSeconds`). Resolves at once with the live call.
   * @throws CallsoakOptionsError naming a bad field
   */
  placeCall(options?: PlaceCallOptions): Promise<LiveCall>;
}

const BUILT_IN_TRANSFORMS = ['spec', 'documented'];

export const test = base.extend<{ callsoak: Callsoak }, { callsoakOptions: CallsoakOptions; callsoakWorker: CallsoakWorker }>({
  callsoakOptions: [{}, { scope: 'worker', option: true }],
  callsoakWorker: [
    async ({ callsoakOptions, browser }, use, workerInfo) => {
      const configDir = workerInfo.config.configFile ? dirname(workerInfo.config.configFile) : workerInfo.config.rootDir;
      const options = parseCallsoakOptions(callsoakOptions, configDir);
      const seed = options.seed ?? 1;
      const transform = options.transform ?? 'spec';
      const dir = join(workerInfo.project.outputDir, 'callsoak', `w${workerInfo.parallelIndex}-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const closers: (() => Promise<unknown>)[] = [];
      try {
        const pageServer = await startPageServer({
          ...(BUILT_IN_TRANSFORMS.includes(transform) ? {} : { transformModule: transform }),
          ...(options.submitter ? { submitterModule: options.submitter } : {}),
        });
        closers.push(() => pageServer.close());
        const relay = await startRelay({ seed });
        closers.push(() => relay.close());
        // the team's own integration: started (or found) and handshaken as `--business external` does
        const externalConfig = externalBusinessOf(options);
        const external = externalConfig ? await startExternalBusiness(externalConfig, dir, () => {}) : undefined;
        if (external) closers.push(() => external.stop());
        const identity = external ? { ...external.plan.identity, verifyToken: external.plan.verifyToken } : embeddedIdentity(IDENTITY_KEY);
        const platform = await startCallPlatform(identity, {
          seed,
          callMetrics: { recordPath: join(dir, 'call-metrics-requests.jsonl'), seed },
          ...(external ? { external: { webhookUrl: external.plan.webhookUrl, graphPort: external.plan.graphPort, relay } } : {}),
        });
        closers.push(() => platform.close());
        const opened = external ? await openExternalBusiness(external.plan, browser) : undefined;
        if (opened) closers.push(() => opened.close());
        const submission = { url: platform.platform.callMetrics.url, accessToken: identity.accessToken, endpoint: platform.platform.callMetrics };
        await use({ pageServer, relay, platform, submission, mediaPath: ensureSpeechWav().path, options, ...(opened ? { externalBusiness: opened.context } : {}) });
      } finally {
        for (const close of closers.reverse()) await close();
      }
    },
    { scope: 'worker' },
  ],
  callsoak: async ({ browser, callsoakWorker }, use, testInfo) => {
    const { options } = callsoakWorker;
    const transform = options.transform ?? 'spec';
    const builtIn = BUILT_IN_TRANSFORMS.includes(transform);
    const calls: LiveCall[] = [];
    const attach = async (result: CallResult) => {
      await testInfo.attach(CALL_RESULT_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
    };
    await use({
      async placeCall(input?: PlaceCallOptions) {
        const placeOptions = parsePlaceCallOptions(input);
        const nth = calls.length + 1;
        const name = placeOptions.name ?? callNameOf(testInfo.title, nth);
        const scenario = callScenario(placeOptions, name, testInfo.file);
        const call = new LiveCall(scenario, {
          browser,
          pageUrl: callsoakWorker.pageServer.url,
          mediaPath: callsoakWorker.mediaPath,
          teamModules: {
            ...(builtIn ? {} : { transform }),
            ...(options.submitter ? { submitter: options.submitter } : {}),
          },
          submission: callsoakWorker.submission,
          platform: callsoakWorker.platform,
          relay: callsoakWorker.relay,
          ...(callsoakWorker.externalBusiness ? { externalBusiness: callsoakWorker.externalBusiness } : {}),
          repetition: testInfo.repeatEachIndex,
          seed: options.seed ?? 1,
          transform: builtIn ? (transform as 'spec' | 'documented') : 'custom',
          transformLabel: transform,
          submitter: options.submitter ? 'custom' : 'default',
          sampleIntervalMs: options.sampleIntervalMs ?? 1000,
          step: (title, body) => test.step(`call ${nth}: ${title.startsWith('talk ') ? 'talk until hangUp()' : title}`, body),
        }, attach);
        calls.push(call);
        return call;
      },
    });
    // calls the test left running end here, and every result is attached
    for (const call of calls) await call.result().catch(() => undefined);
  },
});
