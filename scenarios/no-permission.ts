import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The platform refuses the business's answer: this page may not take calls. */
export default defineScenario({
  id: 'no-permission',
  title: 'Platform refuses the answer (no calling permission)',
  tags: ['end-reasons'],
  expectedEndCallReason: 'No_Permission',
  expectedSubreason: 'forbidden',
  expectMedia: false,
  timeline: [
    { do: 'signaling-fault', fault: 'refuse', message: 'answer', from: 'business' },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
  ],
});
