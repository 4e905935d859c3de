import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A video call: the business context has no camera permission, so getUserMedia(video) rejects with NotAllowedError. */
export default defineScenario({
  id: 'camera-permission-denied',
  title: 'Business may not use the camera',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Camera_Permission_Denied',
  expectedSubreason: 'NotAllowedError',
  expectMedia: false,
  peers: { business: { video: true, camera: 'denied' } },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer', waitForMedia: false }],
});
