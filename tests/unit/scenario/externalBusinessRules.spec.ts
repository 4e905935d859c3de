/**
 * Which scenarios a team's own integration (`--business external`) cannot run, and the reason
 * each is skipped with: every bundled scenario file, with no driver, with a full driver and with
 * a driver that can only answer; and the business steps no bundled scenario takes (mute, deny,
 * crash, navigate on the business).
 */
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { DRIVER_FUNCTIONS, type DriverFunction } from '../../../harness/external/businessDriver.ts';
import { externalSkipReason } from '../../../harness/scenario/externalBusinessRules.ts';
import { loadScenarios, type LoadedScenario } from '../../../harness/scenario/loadScenarios.ts';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

async function skipped(driverFunctions: readonly DriverFunction[]): Promise<Record<string, string>> {
  const { scenarios, errors } = await loadScenarios(SCENARIOS);
  expect(errors).toEqual([]);
  return Object.fromEntries(scenarios.flatMap((s) => {
    const reason = externalSkipReason(s, { driverFunctions });
    return reason === undefined ? [] : [[s.id, reason]];
  }));
}

/** what callsoak can only do to its own agent: skipped whatever the driver */
const AGENT_ONLY = {
  'camera-permission-denied': "sets peers.business.video, peers.business.camera, which configure callsoak's own business agent, not yours",
  'client-interrupted': "close business: 'close' on the business acts on callsoak's own agent page; callsoak cannot do it to your integration",
  'connection-dropped': "sets peers.business.connectionLossMs, which configure callsoak's own business agent, not yours",
  'inactive-timeout': "sets peers.business.inactiveTimeoutMs, which configure callsoak's own business agent, not yours",
  'incoming-timeout': "sets peers.business.incomingTimeoutMs, which configure callsoak's own business agent, not yours",
  'microphone-permission-denied': "sets peers.business.microphone, which configure callsoak's own business agent, not yours",
  'no-permission': "sets peers.business.askPermission, which configure callsoak's own business agent, not yours",
  'node-connection-dropped': "sets peers.business.connectionLossMs, which configure callsoak's own business agent, not yours",
  'page-closed-attempt-fails': "close business: 'close' on the business acts on callsoak's own agent page; callsoak cannot do it to your integration",
  'page-closed-attempt-succeeds': "close business: 'close' on the business acts on callsoak's own agent page; callsoak cannot do it to your integration",
  'ring-muted': "sets peers.business.ringMuted, which configure callsoak's own business agent, not yours",
};

/** bundled scenarios any integration runs, driver or not (external-lossy-network sets peers.business.network: the legs, any business's) */
const RUN_ANYWHERE = ['external-blackout', 'external-forged-webhook', 'external-hangup-call', 'external-lossy-network', 'external-metrics-faults', 'external-renegotiation', 'external-webhook-retries', 'hangup-call', 'mute', 'renegotiation', 'packet-loss-10', 'dtmf', 'webhook-retries'];

test('without a driver: what only the business can do is skipped, naming the driver function it would need', async () => {
  const noDriver = (fn: string, why: string) => `needs the business driver's ${fn} ${why}, and no --business-driver was given`;
  const ringOut = 'ignore: needs an integration that leaves a call ringing until told to answer (a driver with answer(call)); without one, it answers by itself';
  const none = await skipped([]);
  expect(none).toMatchObject({
    ...AGENT_ONLY,
    'business-initiated': `business-call: ${noDriver('placeCall(consumer)', 'to call the consumer')}`,
    'external-business-hangup': `hangup by business: ${noDriver('hangUp(call)', 'to end the call from the business side')}`,
    'external-business-initiated': `business-call: ${noDriver('placeCall(consumer)', 'to call the consumer')}`,
    'external-decline': `decline: ${noDriver('decline(call)', 'to turn the ringing call down')}`,
    'external-slow-terminate': `hangup by business: ${noDriver('hangUp(call)', 'to end the call from the business side')}`,
    'external-unanswered': ringOut,
    'external-webhook-out-of-order': `business-call: ${noDriver('placeCall(consumer)', 'to call the consumer')}`,
    'ignore-call': `decline: ${noDriver('decline(call)', 'to turn the ringing call down')}`,
    'no-answer-timeout': ringOut,
    'permission-declined': `business-call: ${noDriver('placeCall(consumer)', 'to call the consumer')}`,
    'webhook-out-of-order': `business-call: ${noDriver('placeCall(consumer)', 'to call the consumer')}`,
  });
  // what the platform, the consumer and the network cause runs against any integration
  for (const runs of RUN_ANYWHERE) expect(none[runs], runs).toBeUndefined();
});

test("a driver with every function runs all but what acts on callsoak's own agent; network settings on the business are fine", async () => {
  const all = await skipped(DRIVER_FUNCTIONS);
  expect(all).toMatchObject(AGENT_ONLY);
  for (const runs of [...RUN_ANYWHERE, 'business-initiated', 'external-business-hangup', 'external-business-initiated', 'external-decline', 'external-unanswered', 'external-webhook-out-of-order', 'ignore-call', 'no-answer-timeout', 'webhook-out-of-order']) {
    expect(all[runs], runs).toBeUndefined();
  }
});

test('a driver that can only answer: calls may ring out, but declining and hanging up say the driver has none', async () => {
  const answerOnly = await skipped(['answer']);
  expect(answerOnly['external-unanswered']).toBeUndefined();
  expect(answerOnly['no-answer-timeout']).toBeUndefined();
  expect(answerOnly['external-decline']).toBe("decline: needs the business driver's decline(call) to turn the ringing call down, and the driver has none");
  expect(answerOnly['external-business-hangup']).toBe("hangup by business: needs the business driver's hangUp(call) to end the call from the business side, and the driver has none");
  expect(answerOnly['external-business-initiated']).toBe("business-call: needs the business driver's placeCall(consumer) to call the consumer, and the driver has none");
});

/** a loaded scenario with just a timeline (and business peer settings) */
const scenario = (timeline: Record<string, unknown>[], business?: Record<string, unknown>): LoadedScenario =>
  ({ id: 's', title: 's', tags: [], file: 'scenarios/s.ts', timeline: [{ do: 'call' }, { do: 'ring' }, ...timeline], ...(business ? { peers: { business } } : {}) }) as unknown as LoadedScenario;

test('muting the business needs mute/unmute in the driver; muting the consumer, or a consumer hang-up, needs nothing', () => {
  const abilities = { driverFunctions: ['answer', 'mute'] as DriverFunction[] };
  const muteBoth = scenario([{ do: 'answer' }, { do: 'mute', by: 'business', method: 'enabled' }, { do: 'unmute', by: 'business', method: 'enabled' }]);
  expect(externalSkipReason(muteBoth, abilities)).toBe("unmute by business: needs the business driver's unmute(call) to unmute the business's microphone, and the driver has none");
  expect(externalSkipReason(muteBoth, { driverFunctions: [] })).toBe("mute by business: needs the business driver's mute(call) to mute the business's microphone, and no --business-driver was given");
  expect(externalSkipReason(muteBoth, { driverFunctions: ['mute', 'unmute'] })).toBeUndefined();
  const consumerSide = scenario([{ do: 'answer' }, { do: 'mute', by: 'consumer', method: 'enabled' }, { do: 'unmute', by: 'consumer', method: 'enabled' }, { do: 'hangup', by: 'consumer' }]);
  expect(externalSkipReason(consumerSide, { driverFunctions: [] })).toBeUndefined();
});

test("deny, crash and navigate on the business are callsoak's agent's; on the consumer they run; the first step that cannot run is the reason", () => {
  for (const step of [{ do: 'deny', role: 'business', device: 'microphone' }, { do: 'crash', role: 'business' }, { do: 'navigate', role: 'business' }]) {
    expect(externalSkipReason(scenario([{ do: 'answer' }, step]), { driverFunctions: [] })).toBe(`${step.do} business: '${step.do}' on the business acts on callsoak's own agent page; callsoak cannot do it to your integration`);
    expect(externalSkipReason(scenario([{ do: 'answer' }, { ...step, role: 'consumer' }]), { driverFunctions: [] })).toBeUndefined();
  }
  const two = scenario([{ do: 'decline' }, { do: 'crash', role: 'business' }]);
  expect(externalSkipReason(two, { driverFunctions: [] })).toBe("decline: needs the business driver's decline(call) to turn the ringing call down, and no --business-driver was given");
  // peer settings are named before any step, network aside
  expect(externalSkipReason(scenario([{ do: 'decline' }], { network: { down: { loss: 0.1 } }, video: true }), { driverFunctions: [] })).toBe("sets peers.business.video, which configure callsoak's own business agent, not yours");
  expect(externalSkipReason(scenario([{ do: 'answer' }], { network: { down: { loss: 0.1 } } }), { driverFunctions: [] })).toBeUndefined();
});
