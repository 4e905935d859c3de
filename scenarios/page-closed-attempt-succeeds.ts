import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The call ends, and the business page is closed while its first submission attempt is held by
 * the endpoint, which stores it and answers 200 late. The submitter's page-hide hand-off arrives
 * after it and is answered "already submitted": stored once, and the hand-off is not taken for a
 * second submission.
 */
export default defineScenario({
  id: 'page-closed-attempt-succeeds',
  title: 'Page closed during a submission attempt that then succeeds: the hand-off is not a second submission',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 2,
  // Every answer waits 4 s: the page closes 1 s after the hang-up, inside the first attempt's wait.
  endpointFaults: { latencyMs: 4000 },
  expect: { 'submission.attempts': ['min>=2', 'max<=2'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }, { do: 'wait', ms: 1000 }, { do: 'close', role: 'business' }],
});
