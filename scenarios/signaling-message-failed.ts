import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business's answer is lost on the signaling path; its wait for the acknowledgement times out. */
export default defineScenario({
  id: 'signaling-message-failed',
  title: "The business's accept fails at Graph (HTTP 500, every attempt)",
  tags: ['end-reasons'],
  expectedEndCallReason: 'Signaling_Message_Failed',
  expectedSubreason: '/calls accept failed',
  expectMedia: false,
  timeline: [
    // every attempt of the business's accept is answered 500 (the Graph client retries twice)
    { do: 'platform-fault', plan: { requests: [1, 2, 3].map((nth) => ({ action: 'accept' as const, nth, do: 'fail' as const, status: 500 })) } },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
  ],
});
