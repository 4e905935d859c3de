import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The endpoint fails the first two attempts (a 500, then no answer until the client times
 * out) and 30 % of the rest with a 5xx or a timeout: the metrics must still land exactly once.
 */
export default defineScenario({
  id: 'endpoint-flaky',
  title: 'Flaky endpoint: 5xx and timeouts, metrics still land once',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  endpointFaults: { seed: 7, sequence: ['5xx', 'timeout'], failRate: 0.3, failWith: ['5xx', 'timeout'], timeoutHoldMs: 10000 },
  expect: { 'submission.attempts': ['min>=3'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
