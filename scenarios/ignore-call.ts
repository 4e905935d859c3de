import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business declines the ringing call. */
export default defineScenario({
  id: 'ignore-call',
  title: 'Business declines the call',
  tags: ['end-reasons', 'smoke'],
  expectedEndCallReason: 'Ignore_Call',
  expectedSubreason: 'declined',
  expectMedia: false,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'decline' }],
});
