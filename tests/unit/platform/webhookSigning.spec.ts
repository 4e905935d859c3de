/**
 * The signer against an HMAC computed here independently, and the body bytes it signs: ASCII,
 * with non-ASCII characters escaped as Meta sends them.
 */
import { test, expect } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { signWebhookBody } from '../../../harness/platform/signWebhookBody.ts';
import { callsWebhook, permissionReplyWebhook, serializeWebhookBody } from '../../../harness/platform/webhookBody.ts';

test('X-Hub-Signature-256 is sha256=<hex HMAC-SHA256(secret, exact bytes)>', () => {
  const secret = 'app-secret-ü';
  const body = Buffer.from('{"object":"page","entry":[]}');
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex');
  expect(signWebhookBody(secret, body)).toBe(`sha256=${expected}`);
  expect(signWebhookBody(secret, Buffer.from('{"object":"page","entry":[] }'))).not.toBe(`sha256=${expected}`);
  expect(signWebhookBody('other', body)).not.toBe(`sha256=${expected}`);
});

test('bodies are ASCII with \\uXXXX escapes and parse back to the payload', () => {
  const payload = callsWebhook('p', 1_000, [{ id: 'c_é😀', to: 'p', from: 'ü', event: 'connect', timestamp: 1, call_direction: 'user_initiated' }]);
  const bytes = serializeWebhookBody(payload);
  expect([...bytes].every((b) => b < 0x80)).toBe(true);
  expect(bytes.toString()).toContain('c_\\u00e9\\ud83d\\ude00');
  expect(JSON.parse(bytes.toString())).toEqual(payload);
});

test('permission reply: flat in entry as documented, or wrapped in messaging[]', () => {
  const reply = { sender: { id: 's' }, recipient: { id: 'p' }, timestamp: 5, call_permission_reply: { response: 'reject' as const } };
  expect(permissionReplyWebhook('p', 5, reply, 'entry')).toEqual({ object: 'page', entry: [{ id: 'p', time: 5, ...reply }] });
  expect(permissionReplyWebhook('p', 5, reply, 'messaging')).toEqual({ object: 'page', entry: [{ id: 'p', time: 5, messaging: [reply] }] });
});
