import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer hangs up while the business's accept is still in flight: the answer is delayed on its way, the bye overtakes it. */
export default defineScenario({
  id: 'call-end-accept-after-hang-up',
  title: 'Consumer hangs up while the business is accepting',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Call_End_Accept_After_Hang_Up',
  expectedSubreason: 'while the accept was in flight',
  expectMedia: false,
  timeline: [
    // the platform holds the accept 2 s: the consumer hangs up meanwhile, and the accept is answered "Cannot accept a failed or terminated call"
    { do: 'platform-fault', plan: { requests: [{ action: 'accept', do: 'delay', ms: 2000 }] } },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
    { do: 'wait', ms: 300 },
    { do: 'hangup', by: 'consumer' },
  ],
});
