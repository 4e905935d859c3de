import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Your integration hangs up, and the platform takes 2.5 s to answer its terminate: call_ended_time
 * must be the second the success answer arrived, not the second of the click.
 */
export default defineScenario({
  id: 'external-slow-terminate',
  title: 'External business: the business hangs up; the terminate is answered 2.5 s later',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  timeline: [
    { do: 'platform-fault', plan: { requests: [{ action: 'terminate', do: 'delay', ms: 2500 }] } },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'business' },
  ],
});
