import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Nobody answers within the platform's accept window: the platform ends the ringing call with a
 * terminate webhook after the documented 60 s, and your integration reports a call that never
 * connected. The window is not shortened: your integration knows only the documented 60 s.
 */
export default defineScenario({
  id: 'external-unanswered',
  title: 'External business: nobody answers within the accept window',
  tags: ['external'],
  expectedEndCallReason: 'No_Answer_Timeout',
  expectMedia: false,
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'ignore' }],
});
