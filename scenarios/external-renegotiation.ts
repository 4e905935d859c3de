import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Meta's renegotiation offer comes with the accept answer: the consumer's audio moves to a
 * second m-line with a new SSRC. An integration that does not apply it receives nothing there,
 * and its report counts far fewer packets than the network delivered.
 */
export default defineScenario({
  id: 'external-renegotiation',
  title: "External business: Meta's renegotiation offer moves the audio to a second m-line",
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 6,
  platform: { renegotiate: true },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
