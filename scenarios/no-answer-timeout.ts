import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The caller gives up after its own no-answer timer and says so in its hangup. */
export default defineScenario({
  id: 'no-answer-timeout',
  title: 'Caller gives up ringing',
  tags: ['end-reasons'],
  expectedEndCallReason: 'No_Answer_Timeout',
  expectedSubreason: 'stopped ringing',
  expectMedia: false,
  peers: { consumer: { noAnswerTimeoutMs: 3000 } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'ignore' }],
});
