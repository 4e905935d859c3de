import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * 5 % random loss on the consumer's uplink and on the path to your integration: its report must
 * count the packets lost and received as the network really lost and delivered them.
 */
export default defineScenario({
  id: 'external-lossy-network',
  title: 'External business: 5 % loss on both legs, reported as the network lost it',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { consumer: { network: { up: { loss: 0.05 } } }, business: { network: { down: { loss: 0.05 } } } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
