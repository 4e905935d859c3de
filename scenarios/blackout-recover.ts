import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A 3 s outage on both of the consumer's legs mid-call: the call survives, concealment covers the gap, and the business still ends with Hangup_Call. */
export default defineScenario({
  id: 'blackout-recover',
  title: '3 s outage mid-call, call survives',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 4,
  expect: { 'audio.concealment_pct': ['avg>5'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'blackout', role: 'consumer', ms: 3000 },
    { do: 'wait', ms: 3000 },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
