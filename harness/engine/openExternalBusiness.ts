/**
 * What a worker holds of a team's own integration while its calls run (node side): its driver
 * module loaded, and its agent console opened in the worker's Chromium with every
 * RTCPeerConnection observed. Shared by the CLI's worker fixtures and the Playwright API's.
 */
import type { Browser } from 'playwright';
import { loadBusinessDriver } from '../external/loadBusinessDriver.ts';
import { openAgentConsole } from '../external/openAgentConsole.ts';
import type { ExternalBusinessContext } from './externalBusinessPeer.ts';

/** Where the integration is, as the CLI resolved it (ExternalBusinessPlan's fields). */
export interface ExternalBusinessPlace {
  /** the integration's webhook URL */
  webhookUrl: string;
  /** its driver module, absolute */
  driver?: string;
  /** its agent console's URL */
  page?: string;
  /** its output file, absolute, when callsoak started it */
  outputPath?: string;
}

/** @throws Error listing the driver's problems when it does not load */
export async function openExternalBusiness(place: ExternalBusinessPlace, browser: Browser): Promise<{ context: ExternalBusinessContext; close(): Promise<void> }> {
  const loaded = place.driver ? await loadBusinessDriver(place.driver) : undefined;
  if (loaded && 'errors' in loaded) throw new Error(loaded.errors.join('; '));
  const agentConsole = place.page ? await openAgentConsole(browser, place.page) : undefined;
  return {
    context: {
      webhookUrl: place.webhookUrl,
      ...(loaded ? { driver: loaded.driver } : {}),
      ...(agentConsole ? { page: agentConsole.page, observer: agentConsole.observer, observerOriginMs: agentConsole.originMs } : {}),
      ...(place.outputPath ? { outputPath: place.outputPath } : {}),
    },
    close: async () => {
      await loaded?.driver.close?.();
      await agentConsole?.close();
    },
  };
}
