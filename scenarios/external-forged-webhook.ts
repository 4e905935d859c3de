import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Mid-call, a terminate webhook for the live call arrives signed with the wrong secret. An
 * integration that checks signatures answers it with an error and changes nothing; the call goes
 * on until the consumer hangs up.
 */
export default defineScenario({
  id: 'external-forged-webhook',
  title: 'External business: a forged terminate webhook mid-call changes nothing',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk', seconds: 2 },
    { do: 'forged-webhook', event: 'terminate' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
