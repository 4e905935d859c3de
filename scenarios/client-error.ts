import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A candidate arrives garbled on the signaling path; the agent's own validation rejects it and the agent ends the call. */
export default defineScenario({
  id: 'client-error',
  title: "The platform's accept answer cannot be read",
  tags: ['end-reasons'],
  expectedEndCallReason: 'Client_Error',
  expectedSubreason: 'could not be read',
  expectMedia: false,
  timeline: [
    // the platform accepts, but its answer is not a Graph answer the client can read
    { do: 'platform-fault', plan: { requests: [{ action: 'accept', do: 'corrupt' }] } },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
  ],
});
