import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer's offer speaks signaling version 2; the business supports only 1. */
export default defineScenario({
  id: 'version-unsupported',
  title: 'Connect webhook names an unsupported session version',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Version_Unsupported',
  expectedSubreason: 'version 2',
  expectMedia: false,
  // the connect webhook names session version 2; the business supports version 1
  peers: { consumer: { sessionVersion: 2 } },
  timeline: [{ do: 'call' }],
});
