import { defineScenario } from '../harness/scenario/defineScenario.ts';
import hangupCall from './hangup-call.ts';

/** hangup-call with consumer: node: the same timeline, checks and expectations, across runtimes (suite node-peers). */
export default defineScenario({
  ...hangupCall,
  id: 'node-consumer-hangup-call',
  title: 'Node consumer calls a Chromium business, they talk, the consumer hangs up',
  tags: ['node-peers'],
  consumer: 'node',
});
