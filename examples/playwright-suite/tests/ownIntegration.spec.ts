import { test, expect } from 'callsoak/test';

// The team's own integration (../business-integration) takes the calls instead of callsoak's
// reference business: callsoak starts it with its CALLSOAK_* variables, waits for its webhook's
// handshake, and stops it when the worker ends; the driver is how a test asks its agent to act.
test.use({
  callsoakOptions: {
    // AUTO_ANSWER=0: calls ring until the driver's answer(call), as a person would pick up
    businessCommand: 'AUTO_ANSWER=0 node server.js',
    businessCwd: '../business-integration',
    businessDriver: '../business-integration/driver.js',
  },
});

test('our integration answers a 4g call and reports it once, as Hangup_Call', async ({ callsoak }) => {
  const call = await callsoak.placeCall({ network: '4g' });
  await call.connected();
  await test.step('talk', () => new Promise((r) => setTimeout(r, 3_000)));
  await call.hangUp();
  const result = await call.result();

  expect(result.checks.filter((c) => !c.ok && c.severity === 'error')).toEqual([]);
  const payload = result.payload as { end_call_reason: string; audio_stats: { packets_received: number } };
  expect(payload.end_call_reason).toBe('Hangup_Call');
  expect(payload.audio_stats.packets_received).toBeGreaterThan(0);
});
