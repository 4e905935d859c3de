import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer offers only a codec the business does not have: negotiation leaves no audio codec in common. */
export default defineScenario({
  id: 'webrtc-error',
  title: "The edge's answer cannot be applied",
  tags: ['end-reasons'],
  expectedEndCallReason: 'WebRTC_Error',
  expectedSubreason: 'setRemoteDescription(answer) failed',
  expectMedia: false,
  timeline: [
    // the platform accepts, but the answer's DTLS fingerprint is garbage: the console cannot apply it
    { do: 'platform-fault', plan: { requests: [{ action: 'accept', do: 'corrupt-sdp' }] } },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer', waitForMedia: false },
  ],
});
