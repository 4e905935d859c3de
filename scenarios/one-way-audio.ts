import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer's microphone sends silence the whole call (track disabled from the start): the business hears nothing while the consumer hears the business. */
export default defineScenario({
  id: 'one-way-audio',
  title: 'One-way audio: the business hears only silence',
  tags: ['media'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 6,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'mute', by: 'consumer', method: 'enabled' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
