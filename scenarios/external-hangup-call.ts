import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Your integration's plainest call: the consumer calls, your integration answers (by itself, or
 * through the driver's answer), both talk, the consumer hangs up. Its report must come once,
 * after the terminate webhook, in Unix seconds, with the packets the network delivered.
 */
export default defineScenario({
  id: 'external-hangup-call',
  title: 'External business: consumer calls, business answers, consumer hangs up',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 8,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
