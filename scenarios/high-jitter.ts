import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** Loadero's high-jitter profile on the business's downlink (200 ms ± 100 ms): jitter and the jitter buffer grow. */
export default defineScenario({
  id: 'high-jitter',
  title: 'High jitter on the business downlink',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 10,
  peers: { business: { network: { down: { delayMs: 100, jitterMs: 30, allowReorder: false } } } },
  expect: { 'audio.jitter_ms': ['avg>5'], 'audio.jitter_buffer_delay_ms': ['avg>40'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
