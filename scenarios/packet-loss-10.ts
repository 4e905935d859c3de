import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * 10 % random loss on the consumer's uplink: the business must report the packets the relay
 * dropped, and the rate must be about 10 % — within 5.5–14.5 %, the 99.9 % binomial interval
 * for the ~500 packets of a 10 s call, so a random seed does not make the scenario flaky.
 */
export default defineScenario({
  id: 'packet-loss-10',
  title: '10 % random loss on the consumer uplink',
  tags: ['media', 'relay', 'smoke'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { consumer: { network: { up: { loss: 0.1 } } } },
  expect: { 'audio.loss_pct': ['avg>=5.5', 'avg<=14.5'], 'audio.concealment_pct': ['avg>0'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
