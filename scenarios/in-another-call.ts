import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** While the business is in a call, a second consumer calls it: the second call is turned down and reported on its own. */
export default defineScenario({
  id: 'in-another-call',
  title: 'Second call while the business is busy',
  tags: ['end-reasons'],
  expectedEndCallReason: 'In_Another_Call',
  expectedSubreason: 'is in call',
  reportCall: 'third',
  talkSeconds: 2,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'third-participant', mode: 'call' },
    { do: 'hangup', by: 'consumer' },
  ],
});
