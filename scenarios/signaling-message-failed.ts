import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business's answer is lost on the signaling path; its wait for the acknowledgement times out. */
export default defineScenario({
  id: 'signaling-message-failed',
  title: 'Answer lost on the signaling path',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Signaling_Message_Failed',
  expectedSubreason: 'answer acknowledgement',
  expectMedia: false,
  peers: { business: { signalingTimeoutMs: 3000 } },
  timeline: [
    { do: 'signaling-fault', fault: 'drop', message: 'answer', from: 'business' },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
  ],
});
