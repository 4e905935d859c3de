/**
 * Call permissions, pure (time is an argument): the request limit over a rolling window, the
 * consumer's answer, expiry after the TTL, implicit grants. Then over the platform with an
 * injected clock: an approval expires, `expireDue` ends a call at its deadline, and webhooks go
 * only to subscribed fields.
 */
import { test, expect } from '@playwright/test';
import { PermissionBook } from '../../../harness/platform/permissionBook.ts';
import { OFFER, PAGE, post, startTestPlatform, waitForWebhooks, webhooks, type Started } from './platformFixture.ts';

const T0 = 1_700_000_000_000;
const DAY = 24 * 3600_000;

test('2 requests per rolling 24 h; the usage shows in the view', () => {
  const b = new PermissionBook();
  expect(b.request('u', T0)).toBe(true);
  expect(b.request('u', T0 + 1_000)).toBe(true);
  expect(b.request('u', T0 + 2_000)).toBe(false);
  expect(b.view('u', T0 + 2_000).actions[0]).toEqual({ action_name: 'send_call_permission_request', can_perform: false, limits: [{ time_period: 'PT24H', max_allowed: 2, current_usage: 2 }] });
  expect(b.request('u', T0 + DAY)).toBe(true); // the first request left the window
  expect(b.request('other', T0 + 2_000)).toBe(true);
});

test('approval lasts the TTL (7 days by default), then no permission', () => {
  const b = new PermissionBook();
  b.request('u', T0);
  expect(b.answer('u', true, T0)).toBe(T0 + 7 * DAY);
  expect(b.view('u', T0 + 7 * DAY - 1)).toMatchObject({ permission: { status: 'has_permission', expiration_time: (T0 + 7 * DAY) / 1000 }, actions: [{}, { can_perform: true }] });
  expect(b.has('u', T0 + 7 * DAY)).toBe(false);
  expect(b.view('u', T0 + 7 * DAY).permission).toEqual({ status: 'no_permission' });
});

test('a rejection grants nothing; answering twice or unasked is a harness mistake; implicit grants', () => {
  const b = new PermissionBook({ permissionTtlMs: 1_000 });
  b.request('u', T0);
  expect(b.answer('u', false, T0)).toBeNull();
  expect(b.has('u', T0)).toBe(false);
  expect(() => b.answer('u', true, T0)).toThrow(/no pending/);
  expect(b.grant('v', T0)).toBe(T0 + 1_000);
  expect(b.has('v', T0 + 999)).toBe(true);
});

test.describe('over the platform, with an injected clock', () => {
  let s: Started;
  test.afterEach(async () => s?.close());

  test('an approval expires with the clock: connect then answers noCallPermission', async () => {
    let now = T0;
    s = await startTestPlatform({ clock: () => now, permissionTtlMs: 60_000 });
    await post(`${s.platform.url}/${PAGE}/messages`, { recipient: { id: 'u' }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } });
    s.platform.consumer.answerPermission('u', true);
    const connect = { action: 'connect', to: 'u', session: OFFER };
    const first = await post(`${s.platform.url}/${PAGE}/calls`, connect);
    expect(first.status).toBe(200);
    now += 60_000;
    const late = await post(`${s.platform.url}/${PAGE}/calls`, connect);
    expect([late.status, late.json.error.error_subcode]).toEqual([403, 9_810_030]);
  });

  test('expireDue ends a call whose deadline passed on the injected clock', async () => {
    let now = T0;
    s = await startTestPlatform({ clock: () => now });
    const id = s.platform.consumer.call('u');
    now += 60_000;
    s.platform.expireDue();
    const all = await waitForWebhooks(s.receiver, 2);
    expect(all.map((w) => w.entry[0].calls[0])).toContainEqual({ id, event: 'terminate', timestamp: T0 / 1000 + 60, status: 'Completed', start_time: T0 / 1000, end_time: T0 / 1000 + 60 });
  });

  test('webhooks go only to subscribed fields', async () => {
    s = await startTestPlatform();
    expect(await s.platform.subscribe({ callbackUrl: s.receiver.url, verifyToken: 'v', fields: ['call_permission_reply'] })).toEqual({ ok: true });
    s.platform.consumer.call('u');
    await post(`${s.platform.url}/${PAGE}/messages`, { recipient: { id: 'u2' }, message: { attachment: { type: 'template', payload: { template_type: 'calling_optin' } } } });
    s.platform.consumer.answerPermission('u2', true);
    await waitForWebhooks(s.receiver, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(webhooks(s.receiver).map((w) => Object.keys(w.entry[0]).includes('call_permission_reply'))).toEqual([true]);
  });
});
