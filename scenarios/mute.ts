import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer mutes for 5 s with track.enabled = false: packets keep flowing, but what arrives is silence. */
export default defineScenario({
  id: 'mute',
  title: 'Consumer mutes (track.enabled = false) for 5 s',
  tags: ['media'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'mute', by: 'consumer', method: 'enabled' },
    { do: 'wait', ms: 5000 },
    { do: 'unmute', by: 'consumer', method: 'enabled' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
