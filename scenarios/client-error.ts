import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A candidate arrives garbled on the signaling path; the agent's own validation rejects it and the agent ends the call. */
export default defineScenario({
  id: 'client-error',
  title: 'Malformed signaling message makes the agent fail',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Client_Error',
  expectedSubreason: 'malformed candidate',
  expectMedia: false,
  timeline: [
    { do: 'signaling-fault', fault: 'corrupt', message: 'candidate', from: 'consumer' },
    { do: 'call' },
  ],
});
