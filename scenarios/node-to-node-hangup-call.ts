import { defineScenario } from '../harness/scenario/defineScenario.ts';
import hangupCall from './hangup-call.ts';

/** hangup-call with both sides as Node peers: the same timeline, checks and expectations, across runtimes (suite node-peers). */
export default defineScenario({
  ...hangupCall,
  id: 'node-to-node-hangup-call',
  title: 'Node consumer calls a Node business: both sides on libwebrtc',
  tags: ['node-peers'],
  consumer: 'node',
  business: 'node',
});
