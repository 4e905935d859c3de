import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The plainest call: talk, then the consumer hangs up; the business reports Hangup_Call. */
export default defineScenario({
  id: 'hangup-call',
  title: 'Consumer calls, business answers, both talk, consumer hangs up',
  tags: ['smoke', 'end-reasons'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  timeline: [{ do: 'call' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
