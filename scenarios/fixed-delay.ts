import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * 20 ms one-way delay each way on the consumer's legs, nothing else: the RTCP round trip the
 * business measures must be the 40 ms the relay adds (within max(3 ms, 10 %)).
 */
export default defineScenario({
  id: 'fixed-delay',
  title: '20 ms one-way delay each way on the consumer legs: RTT ≈ 40 ms',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 12,
  peers: { consumer: { network: { up: { delayMs: 20 }, down: { delayMs: 20 } } } },
  expect: { 'audio.rtt_ms': ['avg>=36', 'avg<=46'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
