import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The caller gives up after its own no-answer timer and says so in its hangup. */
export default defineScenario({
  id: 'no-answer-timeout',
  title: 'Caller gives up ringing',
  tags: ['end-reasons'],
  expectedEndCallReason: 'No_Answer_Timeout',
  expectedSubreason: 'accept window',
  expectMedia: false,
  // the platform's 60 s accept window, shortened: it ends the unanswered call with a terminate webhook
  platform: { acceptTimeoutMs: 3000 },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'ignore' }],
});
