import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A 3 s outage on the path to your integration mid-call: the call survives, and the report counts the hole. */
export default defineScenario({
  id: 'external-blackout',
  title: 'External business: a 3 s blackout towards the business mid-call',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 4,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk', seconds: 2 },
    { do: 'blackout', role: 'business', direction: 'down', ms: 3000 },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
