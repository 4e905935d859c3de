import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** Bursty loss on the consumer's uplink (10 % of packets, 4 in a row on average, libwebrtc's burst model): same loss rate, fewer and longer gaps. */
export default defineScenario({
  id: 'burst-loss',
  title: 'Bursty loss: 10 %, mean burst of 4 packets',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { consumer: { network: { up: { loss: { model: 'burst', lossRate: 0.1, meanBurstPackets: 4 } } } } },
  expect: { 'audio.loss_pct': ['avg>0', 'avg<30'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
