/**
 * The platform suite through the CLI: renegotiation, a business-initiated call with its
 * permission request, a declined permission, webhook retries, duplicates and reordering, a
 * forged webhook, DTMF. Every call must pass its checks, and each scenario's point must show in
 * its platform log and its checks.
 */
import { test, expect } from '@playwright/test';
import { runSuite } from '../support/runSuite.ts';

test('the platform suite passes, and each call shows what it is about', async ({}, testInfo) => {
  test.setTimeout(360_000);
  const { code, results, failed } = await runSuite('platform', 26, testInfo, 340_000);
  expect(failed).toEqual([]);
  expect(code).toBe(0);
  const call = (id: string) => {
    const found = results.calls.find((c) => c.scenario === id);
    if (!found) throw new Error(`no call of ${id}`);
    return found;
  };
  const check = (id: string, checkId: string) => call(id).checks.find((k) => k.id === checkId);
  expect(results.calls.map((c) => c.scenario).sort()).toEqual(
    ['business-initiated', 'dtmf', 'forged-webhook', 'no-permission', 'permission-declined', 'renegotiation', 'webhook-out-of-order', 'webhook-retries'],
  );

  await test.step('renegotiation: the audio arrived on the second m-line, and the payload counts it', async () => {
    const c = call('renegotiation');
    expect(c.platform!.edge.renegotiation).toMatch(/a=mid:1[\s\S]*a=sendonly/);
    const inbound = (c.finalStats ?? []).filter((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
    const onMid1 = inbound.filter((s) => s.mid === '1');
    expect(onMid1).toHaveLength(1);
    expect(Number(onMid1[0]!.packetsReceived)).toBeGreaterThan(100);
    const received = inbound.reduce((sum, s) => sum + Number(s.packetsReceived ?? 0), 0);
    expect((c.payload as { audio_stats: { packets_received: number } }).audio_stats.packets_received).toBe(received);
    expect(c.transforms).toBeTruthy();
  });

  await test.step('business-initiated: permission asked and granted, connect, pick-up, media_update', async () => {
    const log = call('business-initiated').platform!;
    expect(log.state.direction).toBe('business_initiated');
    expect(log.requests.map((r) => r.action ?? r.path.split('/').pop())).toEqual(expect.arrayContaining(['connect', 'terminate', 'call_metrics']));
    expect(log.webhooks.map((w) => w.event)).toEqual(expect.arrayContaining(['call_status', 'media_update', 'terminate']));
    expect(log.edge.mediaUpdates.length).toBeGreaterThan(0);
  });

  await test.step('permission declined and no permission: No_Permission, and no call on the platform', async () => {
    expect(call('permission-declined').endCallSubreason).toContain('declined the call permission request');
    expect(call('no-permission').endCallSubreason).toContain('has not given permission');
  });

  await test.step('webhook retries: two lost attempts then delivered; a duplicated terminate handled once', async () => {
    const log = call('webhook-retries').platform!;
    const connect = log.webhooks.find((w) => w.event === 'connect')!;
    expect(connect.attempts.map((a) => (a.error?.startsWith('fault:') ? 'fault' : a.status))).toEqual(['fault', 'fault', 200]);
    expect(log.webhooks.filter((w) => w.event === 'terminate').map((w) => w.kind).sort()).toEqual(['duplicate', 'real']);
    expect(check('webhook-retries', 'platform.duplicate_terminate_once')).toMatchObject({ ok: true });
    expect(check('webhook-retries', 'platform.duplicate_terminate_once')!.noVerdict).toBeUndefined();
  });

  await test.step('out of order: the held call_status arrived after the media_update', async () => {
    const log = call('webhook-out-of-order').platform!;
    const held = log.webhooks.find((w) => w.event === 'call_status' && w.kind === 'delayed')!;
    expect(held.body).toContain('"call_status":"ringing"');
    const mediaUpdate = log.webhooks.find((w) => w.event === 'media_update')!;
    expect(held.attempts[0]!.startedAtMs).toBeGreaterThan(mediaUpdate.attempts[0]!.startedAtMs);
  });

  await test.step('forged webhook: recorded as forged, refused, and changed nothing', async () => {
    const log = call('forged-webhook').platform!;
    const forged = log.webhooks.filter((w) => w.kind === 'forged');
    expect(forged).toHaveLength(1);
    expect(forged[0]!.attempts[0]!.status).toBe(403);
    expect(check('forged-webhook', 'platform.forged_webhook_ignored')).toMatchObject({ ok: true });
    expect(check('forged-webhook', 'platform.forged_webhook_ignored')!.noVerdict).toBeUndefined();
  });

  await test.step('DTMF: the edge decoded the digits sent, with their timing', async () => {
    expect(call('dtmf').platform!.edge.dtmf!.map((d) => d.digit).join('')).toBe('1#9');
    expect(check('dtmf', 'platform.dtmf_digits')).toMatchObject({ ok: true });
  });
});
