import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer's offer speaks signaling version 2; the business supports only 1. */
export default defineScenario({
  id: 'version-unsupported',
  title: 'Offer in an unsupported signaling version',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Version_Unsupported',
  expectedSubreason: 'version 2',
  expectMedia: false,
  peers: { consumer: { offerVersion: 2 } },
  timeline: [{ do: 'call' }],
});
