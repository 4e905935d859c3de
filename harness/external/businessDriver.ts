/**
 * A team's business driver (`--business-driver PATH`): how the business side of a call acts
 * when callsoak cannot make it act through the platform — answer, decline, hang up, mute. A team
 * implements each however it automates its product (a click in its agent console, a test hook in
 * its server). Every function is optional: a scenario that needs a missing one is skipped with
 * the reason. Types here are what `callsoak/test` and a driver written in TypeScript import.
 */
import type { Page } from 'playwright';

/** The names of a business driver's functions, in the order a call uses them. */
export const DRIVER_FUNCTIONS = ['answer', 'decline', 'hangUp', 'mute', 'unmute', 'placeCall'] as const;
export type DriverFunction = (typeof DRIVER_FUNCTIONS)[number];

/** The call a driver function acts on. */
export interface DriverCall {
  /** the platform's call id, as in the connect webhook */
  id: string;
  /** the consumer's page-scoped id */
  psid: string;
  /** the Page the call is to */
  pageId: string;
  /** the integration's webhook URL (its origin is where a test hook of its server lives) */
  webhookUrl: string;
  /** the agent console callsoak opened (`--business-page`), to click in; absent without one */
  page?: Page;
}

/** The consumer a business-initiated call goes to. */
export interface DriverConsumer {
  psid: string;
  pageId: string;
  webhookUrl: string;
  page?: Page;
}

export interface BusinessDriver {
  /** answer the ringing call (an integration that answers by itself needs none) */
  answer?(call: DriverCall): Promise<void> | void;
  /** turn the ringing call down (the integration then rejects it through /calls) */
  decline?(call: DriverCall): Promise<void> | void;
  /** end the call from the business side (the integration then terminates it through /calls) */
  hangUp?(call: DriverCall): Promise<void> | void;
  mute?(call: DriverCall): Promise<void> | void;
  unmute?(call: DriverCall): Promise<void> | void;
  /** call the consumer (a business-initiated call: permission, then connect) */
  placeCall?(consumer: DriverConsumer): Promise<void> | void;
  /** called once at the end of the run */
  close?(): Promise<void> | void;
}
