import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer removes the business from the call. */
export default defineScenario({
  id: 'removed-by-participant',
  title: 'Consumer removes the business',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Removed_By_Participant',
  expectedSubreason: 'removed',
  talkSeconds: 2,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'remove' }],
});
