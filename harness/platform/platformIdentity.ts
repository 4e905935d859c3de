/**
 * The Page, app, token and secrets the emulated platform works with (node side). They derive
 * from a key — a run's id for the embedded platform and the reference business, a fixed key for
 * a team's own integration and for the Playwright API — so one key gives the same identity
 * everywhere its record is read.
 */
import { createHash } from 'node:crypto';

export interface PlatformIdentity {
  /** the Page the calls are for (digits, like a real Page id) */
  pageId: string;
  /** the app subscribed to the Page's webhooks (digits) */
  appId: string;
  /** the Page access token Graph accepts */
  accessToken: string;
  /** signs webhooks (X-Hub-Signature-256), hex */
  appSecret: string;
  /** what the subscription handshake sends as hub.verify_token */
  verifyToken: string;
}

export function platformIdentity(key: string): PlatformIdentity {
  const digest = createHash('sha256').update(key).digest('hex');
  return {
    pageId: String(BigInt(`0x${digest.slice(0, 12)}`)),
    accessToken: `EAAcallsoak${digest.slice(12, 44)}`,
    appId: String(BigInt(`0x${digest.slice(44, 56)}`)),
    appSecret: digest.slice(32, 64),
    verifyToken: `verify-${digest.slice(0, 16)}`,
  };
}
