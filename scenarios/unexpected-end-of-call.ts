import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer's page crashes mid-call; the platform tells the business its peer vanished without hanging up. */
export default defineScenario({
  id: 'unexpected-end-of-call',
  title: 'Consumer page crashes mid-call',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Unexpected_End_Of_Call',
  expectedSubreason: 'status Failed',
  talkSeconds: 3,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'crash', role: 'consumer' },
  ],
});
