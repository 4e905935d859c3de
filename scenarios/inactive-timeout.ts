import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer stops sending (replaceTrack(null)); no inbound audio reaches the business for longer than its inactivity timer. */
export default defineScenario({
  id: 'inactive-timeout',
  title: 'No audio for longer than the inactivity timer',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Inactive_Timeout',
  expectedSubreason: 'no inbound audio',
  talkSeconds: 2,
  peers: { business: { inactiveTimeoutMs: 3000 } },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'mute', by: 'consumer', method: 'replaceTrack' },
  ],
});
