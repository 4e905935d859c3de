import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The consumer's uplink is capped below what Opus needs: the relay's queue fills and drops from its tail. */
export default defineScenario({
  id: 'bandwidth-cap',
  title: 'Consumer uplink capped at 16 kbit/s',
  tags: ['media', 'relay'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 8,
  peers: { consumer: { network: { up: { rateKbps: 16, packetOverheadBytes: 28, queuePackets: 20 } } } },
  expect: { 'relay.dropped_pct': ['avg>5'], 'audio.loss_pct': ['avg>3'] },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
