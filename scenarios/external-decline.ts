import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** Your integration turns the ringing call down (the driver's decline): a /calls reject, and a report of a call without media. */
export default defineScenario({
  id: 'external-decline',
  title: 'External business: the business declines the call',
  tags: ['external'],
  expectedEndCallReason: 'Ignore_Call',
  expectMedia: false,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'decline' }],
});
