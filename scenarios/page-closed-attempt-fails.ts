import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The call ends, and the business page is closed while its first submission attempt is held by
 * the endpoint, which then answers it with a 500: nobody is left in the page to retry. The
 * submitter's page-hide hand-off (the same bytes, by beacon) must be what stores the metrics, once.
 */
export default defineScenario({
  id: 'page-closed-attempt-fails',
  title: 'Page closed during a submission attempt that then fails: the page-hide hand-off stores it once',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 2,
  // Every answer waits 4 s: the page closes 1 s after the hang-up, inside the first attempt's wait.
  endpointFaults: { sequence: ['5xx'], latencyMs: 4000 },
  expect: { 'submission.attempts': ['min>=2', 'max<=2'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }, { do: 'wait', ms: 1000 }, { do: 'close', role: 'business' }],
});
