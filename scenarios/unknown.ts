import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer ends the call with a reason code the agent does not know. */
export default defineScenario({
  id: 'unknown',
  title: 'Terminate webhook with an unrecognized status',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Unknown',
  expectedSubreason: 'x-vendor-42',
  talkSeconds: 2,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer', code: 'x-vendor-42' },
  ],
});
