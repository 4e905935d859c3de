import { defineScenario } from '../harness/scenario/defineScenario.ts';
import connectionDropped from './connection-dropped.ts';

/** connection-dropped with business: node: the same timeline, checks and expectations, across runtimes (suite node-peers). */
export default defineScenario({
  ...connectionDropped,
  id: 'node-connection-dropped',
  title: 'Network outage longer than the connection-loss timer of a Node business',
  tags: ['node-peers'],
  business: 'node',
});
