/**
 * The Page, app, token and secrets of the embedded platform and the reference business (node
 * side). They derive from a key (a run's id, or the Playwright API's fixed key), so one key
 * gives the same identity everywhere its record is read. Shared by the CLI's worker fixtures
 * and the Playwright API's (`callsoak/test`).
 */
import { createHash } from 'node:crypto';
import type { CallPlatformIdentity } from './startCallPlatform.ts';

export function embeddedIdentity(key: string): CallPlatformIdentity {
  const digest = createHash('sha256').update(key).digest('hex');
  return {
    pageId: String(BigInt(`0x${digest.slice(0, 12)}`)),
    accessToken: `EAAcallsoak${digest.slice(12, 44)}`,
    appId: String(BigInt(`0x${digest.slice(44, 56)}`)),
    appSecret: digest.slice(32, 64),
    verifyToken: `verify-${digest.slice(0, 16)}`,
  };
}
