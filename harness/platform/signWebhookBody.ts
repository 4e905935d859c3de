/**
 * The `X-Hub-Signature-256` value of a webhook: `sha256=` and the hex HMAC-SHA256 of the exact
 * body bytes under the app secret [D]. Meta signs the escaped-unicode form of the payload, which
 * is why `webhookBody.ts` writes bodies as ASCII only: the bytes signed are the bytes sent.
 */
import { createHmac } from 'node:crypto';

export function signWebhookBody(appSecret: string, body: Uint8Array): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}
