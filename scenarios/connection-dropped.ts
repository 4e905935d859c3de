import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A relay blackout on the business's legs (to the media edge) outlasts its connection-loss timer: ICE disconnects and stays down. */
export default defineScenario({
  id: 'connection-dropped',
  title: 'Network outage longer than the connection-loss timer',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Connection_Dropped',
  expectedSubreason: 'ICE',
  talkSeconds: 2,
  peers: { business: { connectionLossMs: 3000 } },
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'blackout', role: 'business', ms: 20000 },
  ],
});
