import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Meta's renegotiation offer comes with the accept answer: the edge moves the consumer's audio
 * to a second m-line with a new SSRC, and mid 0's inbound stops. The payload must count the
 * audio that arrived on the new m-line (a client that reads only the first inbound-rtp reports
 * a call that went silent); every transform's payload from the same snapshot is in the results.
 */
export default defineScenario({
  id: 'renegotiation',
  title: "Meta's renegotiation offer moves the audio to a second m-line",
  tags: ['platform'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 6,
  platform: { renegotiate: true },
  timeline: [{ do: 'call' }, { do: 'ring' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
});
