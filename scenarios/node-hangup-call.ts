import { defineScenario } from '../harness/scenario/defineScenario.ts';
import hangupCall from './hangup-call.ts';

/** hangup-call with business: node: the same timeline, checks and expectations, across runtimes (suite node-peers). */
export default defineScenario({
  ...hangupCall,
  id: 'node-hangup-call',
  title: 'Chromium consumer calls a Node business, they talk, the consumer hangs up',
  tags: ['node-peers'],
  business: 'node',
});
