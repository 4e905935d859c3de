import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The endpoint refuses the payload permanently (HTTP 400, code 100): one attempt, no retry, the error on record. */
export default defineScenario({
  id: 'endpoint-rejects',
  title: 'Endpoint refuses the payload permanently: no retry',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  endpointFaults: { failRate: 1, failWith: ['invalid_parameter'] },
  expectSubmission: 'rejected',
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
