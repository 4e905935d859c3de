import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Nobody answers within the platform's accept window (60 s, shortened to 3 s): the platform ends
 * the ringing call with a terminate webhook, and your integration reports a call that never connected.
 */
export default defineScenario({
  id: 'external-unanswered',
  title: 'External business: nobody answers within the accept window',
  tags: ['external'],
  expectedEndCallReason: 'No_Answer_Timeout',
  expectMedia: false,
  platform: { acceptTimeoutMs: 3000 },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'ignore' }],
});
