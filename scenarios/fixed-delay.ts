import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * 20 ms one-way delay each way on the business's legs, nothing else: the RTCP round trip the
 * business measures is to the media edge, so it must be the 40 ms the relay adds on its own
 * legs (the consumer's legs are not in it), within the bounds of the truth.rtt check:
 * at most 4 ms less, and at most 8 ms more, since the round trip also holds the peers' report
 * handling, which a loaded machine lengthens (46.8 ms in a CI run where the other test worker
 * ran calls too; 40.7-43.7 ms otherwise).
 */
export default defineScenario({
  id: 'fixed-delay',
  title: "20 ms one-way delay each way on the business's legs: its RTT to the edge ≈ 40 ms",
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 12,
  peers: { business: { network: { up: { delayMs: 20 }, down: { delayMs: 20 } } } },
  expect: { 'audio.rtt_ms': ['avg>=36', 'avg<=48'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
