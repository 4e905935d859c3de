/**
 * What a Playwright worker of a team's suite runs every call through (a Playwright worker): the
 * page server, the relay, the emulated platform with the reference business — or the team's own
 * integration, started and handshaken as `--business external` does — all on 127.0.0.1.
 */
import type { Browser } from 'playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startExternalBusiness } from '../cli/startExternalBusiness.ts';
import { ensureSpeechWav } from '../cli/speechWav.ts';
import type { SubmissionTarget } from '../engine/callEnvironment.ts';
import type { ExternalBusinessContext } from '../engine/externalBusinessPeer.ts';
import { openExternalBusiness } from '../engine/openExternalBusiness.ts';
import { startPageServer, type PageServer } from '../engine/pageServer.ts';
import { platformIdentity, startCallPlatform, type RunningCallPlatform } from '../engine/startCallPlatform.ts';
import { startRelay, type Relay } from '../relay/startRelay.ts';
import { isBuiltInTransform } from '../plan/builtInTransform.ts';
import { externalBusinessOf, type CallsoakOptions } from './callsoakOptions.ts';

/** the embedded platform's identity derives from this (fixed: there is no run id) */
const IDENTITY_KEY = 'callsoak/test';

export interface CallsoakWorker {
  pageServer: PageServer;
  relay: Relay;
  platform: RunningCallPlatform;
  submission: SubmissionTarget;
  /** the speech WAV a Node peer's microphone plays (Chromium's comes from its launch args) */
  mediaPath: string;
  /** the worker's options, paths absolute */
  options: CallsoakOptions;
  /** the team's own integration, when the options name one */
  externalBusiness?: ExternalBusinessContext;
}

/**
 * @param options validated, paths absolute (parseCallsoakOptions)
 * @param dir the worker's own folder: the call_metrics record, the integration's env file and output
 * @param browser where the integration's agent console opens (businessPage)
 */
export async function startCallsoakWorker(options: CallsoakOptions, dir: string, browser: Browser): Promise<CallsoakWorker & { close(): Promise<void> }> {
  const seed = options.seed ?? 1;
  const transform = options.transform ?? 'spec';
  mkdirSync(dir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closeOne of closers.splice(0).reverse()) await closeOne();
  };
  try {
    const pageServer = await startPageServer({
      ...(isBuiltInTransform(transform) ? {} : { transformModule: transform }),
      ...(options.submitter ? { submitterModule: options.submitter } : {}),
    });
    closers.push(() => pageServer.close());
    const relay = await startRelay({ seed });
    closers.push(() => relay.close());
    const externalConfig = externalBusinessOf(options);
    const external = externalConfig ? await startExternalBusiness(externalConfig, dir, () => {}) : undefined;
    if (external) closers.push(() => external.stop());
    const identity = external ? { ...external.plan.identity, verifyToken: external.plan.verifyToken } : platformIdentity(IDENTITY_KEY);
    const platform = await startCallPlatform(identity, {
      seed,
      callMetrics: { recordPath: join(dir, 'call-metrics-requests.jsonl'), seed },
      ...(external ? { external: { webhookUrl: external.plan.webhookUrl, graphPort: external.plan.graphPort, relay } } : {}),
    });
    closers.push(() => platform.close());
    const opened = external ? await openExternalBusiness(external.plan, browser) : undefined;
    if (opened) closers.push(() => opened.close());
    const submission = { url: platform.platform.callMetrics.url, accessToken: identity.accessToken, endpoint: platform.platform.callMetrics };
    return { pageServer, relay, platform, submission, mediaPath: ensureSpeechWav().path, options, ...(opened ? { externalBusiness: opened.context } : {}), close };
  } catch (error) {
    // what started before the failure must not outlive it
    await close();
    throw error;
  }
}
