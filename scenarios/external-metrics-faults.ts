import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** `/call_metrics` fails the first two attempts with a 500: your integration retries, and the report lands once. */
export default defineScenario({
  id: 'external-metrics-faults',
  title: 'External business: /call_metrics fails twice, the report still lands once',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  endpointFaults: { sequence: ['5xx', '5xx'] },
  expect: { 'submission.attempts': ['min>=3'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
