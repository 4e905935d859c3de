import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Mid-call, a terminate webhook for the live call arrives signed with the wrong secret. A
 * business that checks signatures ignores it: the call goes on until the consumer hangs up.
 */
export default defineScenario({
  id: 'forged-webhook',
  title: 'A forged terminate webhook mid-call is ignored',
  tags: ['platform'],
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
