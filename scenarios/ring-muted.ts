import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business agent has ringing muted: the call is never presented. */
export default defineScenario({
  id: 'ring-muted',
  title: 'Ringing muted on the business agent',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Ring_Muted',
  expectedSubreason: 'muted',
  expectMedia: false,
  peers: { business: { ringMuted: true } },
  timeline: [{ do: 'call' }],
});
