import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer mutes for 5 s with replaceTrack(null): the sender stops, packets stop, and the business's playout conceals the gap. */
export default defineScenario({
  id: 'mute-replace-track',
  title: 'Consumer mutes (replaceTrack(null)) for 5 s',
  tags: ['media'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'mute', by: 'consumer', method: 'replaceTrack' },
    { do: 'wait', ms: 5000 },
    { do: 'unmute', by: 'consumer', method: 'replaceTrack' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
