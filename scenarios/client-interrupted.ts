import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** The business page is closed mid-call; its pagehide handler reports the call with a beacon, and the metrics must still arrive. */
export default defineScenario({
  id: 'client-interrupted',
  title: 'Business page closed mid-call',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Client_Interrupted',
  expectedSubreason: 'went away',
  talkSeconds: 3,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'close', role: 'business' },
  ],
});
