import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** 20 % random loss on the consumer's uplink. */
export default defineScenario({
  id: 'packet-loss-20',
  title: '20 % random loss on the consumer uplink',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { consumer: { network: { up: { loss: 0.2 } } } },
  expect: { 'audio.loss_pct': ['avg>=13.5', 'avg<=26.5'], 'audio.concealment_pct': ['avg>2'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
