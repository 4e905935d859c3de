import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The offer carries no caller identity the business can see: it is turned down before ringing. */
export default defineScenario({
  id: 'caller-not-visible',
  title: 'Offer without a visible caller identity',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Caller_Not_Visible',
  expectedSubreason: 'no caller identity',
  expectMedia: false,
  peers: { consumer: { callerVisible: false } },
  timeline: [{ do: 'call' }],
});
