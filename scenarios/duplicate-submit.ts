import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The endpoint stores the first submission, then resets the connection before answering: the
 * client never hears, retries, and is told "already submitted". One record, not two.
 */
export default defineScenario({
  id: 'duplicate-submit',
  title: 'Answer lost after the endpoint stored it: the retry must not store twice',
  tags: ['submission'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  endpointFaults: { sequence: ['drop_after_accept'] },
  expect: { 'submission.attempts': ['min>=2'] },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
