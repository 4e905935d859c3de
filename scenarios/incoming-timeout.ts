import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** Nobody answers; the business's own ring timer expires. */
export default defineScenario({
  id: 'incoming-timeout',
  title: 'Business lets it ring until its ring timer expires',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Incoming_Timeout',
  expectedSubreason: 'not answered within',
  expectMedia: false,
  peers: { business: { incomingTimeoutMs: 3000 } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'ignore' }],
});
