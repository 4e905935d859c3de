import { test, expect } from 'callsoak/test';

test('a 4g call impaired mid-call ends as Hangup_Call, with audio counted', async ({ callsoak }) => {
  const call = await callsoak.placeCall({ network: '4g' });
  await call.connected();
  await test.step('talk on 4g', () => new Promise((r) => setTimeout(r, 2_000)));
  await call.impair({ role: 'consumer', direction: 'up', impairment: { loss: 0.05, delayMs: 80 } });
  await test.step('talk impaired', () => new Promise((r) => setTimeout(r, 2_000)));
  await call.hangUp();
  const result = await call.result();

  expect(result.checks.filter((c) => !c.ok && c.severity === 'error')).toEqual([]);
  expect(result.endCallReason).toBe('Hangup_Call');
  const payload = result.payload as { end_call_reason: string; audio_stats: { packets_received: number } };
  expect(payload.end_call_reason).toBe('Hangup_Call');
  expect(payload.audio_stats.packets_received).toBeGreaterThan(0);
  expect(result.impairments?.some((w) => w.role === 'consumer' && w.direction === 'up')).toBe(true);
});
