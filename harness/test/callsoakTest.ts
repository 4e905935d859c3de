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
import { dirname, join } from 'node:path';
import type { CallResult } from '../results/resultsTypes.ts';
import { callNameOf, callScenario } from './callScenario.ts';
import { LiveCall } from './liveCall.ts';
import { parsePlaceCallOptions, type PlaceCallOptions } from './placeCallOptions.ts';
import { parseCallsoakOptions, type CallsoakOptions } from './callsoakOptions.ts';
import { startCallsoakWorker, type CallsoakWorker } from './startCallsoakWorker.ts';
import { isBuiltInTransform } from '../plan/builtInTransform.ts';

export { expect } from '@playwright/test';
export { chromiumUse, type ChromiumUse } from './chromiumUse.ts';
export { CallsoakOptionsError, type ImpairOptions, type PlaceCallOptions } from './placeCallOptions.ts';
export type { CallsoakOptions } from './callsoakOptions.ts';
export type { LiveCall } from './liveCall.ts';
export type { CallsoakWorker } from './startCallsoakWorker.ts';
export type { CallResult, CheckResult } from '../results/resultsTypes.ts';

/** the attachment each call's result is, as in the CLI's calls.spec.ts */
export const CALL_RESULT_ATTACHMENT = 'call-result.json';

/** The test-scoped `callsoak` fixture. */
export interface Callsoak {
  /**
   * Places a call: the consumer calls, the business rings and answers, both talk until
   * `call.hangUp()` (or `maxTalkSeconds`). Resolves at once with the live call.
   * @throws CallsoakOptionsError naming a bad field
   */
  placeCall(options?: PlaceCallOptions): Promise<LiveCall>;
}

export const test = base.extend<{ callsoak: Callsoak }, { callsoakOptions: CallsoakOptions; callsoakWorker: CallsoakWorker & { close(): Promise<void> } }>({
  callsoakOptions: [{}, { scope: 'worker', option: true }],
  callsoakWorker: [
    async ({ callsoakOptions, browser }, use, workerInfo) => {
      const configDir = workerInfo.config.configFile ? dirname(workerInfo.config.configFile) : workerInfo.config.rootDir;
      const options = parseCallsoakOptions(callsoakOptions, configDir);
      const worker = await startCallsoakWorker(options, join(workerInfo.project.outputDir, 'callsoak', `w${workerInfo.parallelIndex}-${process.pid}`), browser);
      try {
        await use(worker);
      } finally {
        await worker.close();
      }
    },
    { scope: 'worker' },
  ],
  callsoak: async ({ browser, callsoakWorker }, use, testInfo) => {
    const { options } = callsoakWorker;
    const transform = options.transform ?? 'spec';
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
            ...(isBuiltInTransform(transform) ? {} : { transform }),
            ...(options.submitter ? { submitter: options.submitter } : {}),
          },
          submission: callsoakWorker.submission,
          platform: callsoakWorker.platform,
          relay: callsoakWorker.relay,
          ...(callsoakWorker.externalBusiness ? { externalBusiness: callsoakWorker.externalBusiness } : {}),
          repetition: testInfo.repeatEachIndex,
          seed: options.seed ?? 1,
          transform: isBuiltInTransform(transform) ? transform : 'custom',
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
