import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** 5 % random loss on the consumer's uplink. */
export default defineScenario({
  id: 'packet-loss-5',
  title: '5 % random loss on the consumer uplink',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { consumer: { network: 'loss-5' } },
  expect: { 'audio.loss_pct': ['avg>=2', 'avg<=9'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
