import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Your integration hangs up (the driver's hangUp): it terminates through /calls, and reports
 * only after the terminate succeeded, with call_ended_time the second of that success.
 */
export default defineScenario({
  id: 'external-business-hangup',
  title: 'External business: the business hangs up',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 4,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'business' }],
});
