import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer offers only a codec the business does not have: negotiation leaves no audio codec in common. */
export default defineScenario({
  id: 'webrtc-error',
  title: 'Offer with no codec in common',
  tags: ['end-reasons'],
  expectedEndCallReason: 'WebRTC_Error',
  expectedSubreason: 'no audio codec in common',
  expectMedia: false,
  peers: { consumer: { offerCodecs: ['FOOCODEC'] } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer', waitForMedia: false }],
});
