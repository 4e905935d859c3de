import { defineScenario } from '../harness/scenario/defineScenario.ts';

/** A third participant tries to join an ongoing one-to-one call; the join is refused and reported on its own. */
export default defineScenario({
  id: 'max-allowed-participants-reached',
  title: 'Third participant tries to join a full call',
  tags: ['end-reasons'],
  expectedEndCallReason: 'Max_Allowed_Participants_Reached',
  expectedSubreason: 'participants',
  reportCall: 'third',
  talkSeconds: 2,
  timeline: [
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'third-participant', mode: 'join' },
    { do: 'hangup', by: 'consumer' },
  ],
});
