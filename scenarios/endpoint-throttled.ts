import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The endpoint throttles the next two requests with Graph code 613: the client backs off and retries. */
export default defineScenario({
  id: 'endpoint-throttled',
  title: 'Throttled endpoint (code 613): back off, retry, land once',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  endpointFaults: { throttle: { requests: 2, code: 613 } },
  expect: { 'submission.attempts': ['min>=3'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
