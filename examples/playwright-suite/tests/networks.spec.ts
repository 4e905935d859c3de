import { test, expect } from 'callsoak/test';

// a worker-wide setting, as `--seed` is for the CLI: the relay's random drops repeat run after run
test.use({ callsoakOptions: { seed: 7 } });

test('a business on a DSL line and a consumer on Wi-Fi: the payload counts what the relay let through', async ({ callsoak }) => {
  const call = await callsoak.placeCall({ network: 'wifi', businessNetwork: 'dsl', name: 'dsl-business' });
  await call.connected();
  await test.step('talk', () => new Promise((r) => setTimeout(r, 3_000)));
  const result = await call.result(); // hangs up first: the consumer ends the call

  expect(result.checks.filter((c) => !c.ok && c.severity === 'error')).toEqual([]);
  expect(result.scenario).toBe('dsl-business');
  const payload = result.payload as { end_call_reason: string; audio_stats: { packets_received: number } };
  expect(payload.end_call_reason).toBe('Hangup_Call');
  expect(payload.audio_stats.packets_received).toBeGreaterThan(0);
});

test('a mistake in the options names the field', async ({ callsoak }) => {
  await expect(callsoak.placeCall({ network: '5g' })).rejects.toThrow("callsoak.placeCall(): network '5g' is not a known profile");
});
