import { defineScenario } from '../harness/scenario/defineScenario.ts';
import packetLoss10 from './packet-loss-10.ts';

/** packet-loss-10 with business: node: the same timeline, checks and expectations, across runtimes (suite node-peers). */
export default defineScenario({
  ...packetLoss10,
  id: 'node-packet-loss-10',
  title: '10 % random loss on the consumer uplink, received by a Node business',
  tags: ['node-peers'],
  business: 'node',
});
