import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business context has no microphone permission: getUserMedia(audio) rejects with NotAllowedError when it answers. */
export default defineScenario({
  id: 'microphone-permission-denied',
  title: 'Business may not use the microphone',
  tags: ['end-reasons', 'smoke'],
  expectedEndCallReason: 'Microphone_Permission_Denied',
  expectedSubreason: 'NotAllowedError',
  expectMedia: false,
  peers: { business: { microphone: 'denied' } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer', waitForMedia: false }],
});
