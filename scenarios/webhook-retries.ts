import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Webhook delivery fails and repeats: the first two attempts of the connect webhook are lost
 * (the platform's retry schedule delivers the third, 2.5 s later), and the terminate webhook is
 * delivered twice. The business rings late, and ends and reports the call once.
 */
export default defineScenario({
  id: 'webhook-retries',
  title: 'Connect webhook retried, terminate webhook duplicated',
  tags: ['platform'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 3,
  timeline: [
    {
      do: 'platform-fault',
      plan: {
        webhooks: [
          { event: 'connect', do: 'fail-attempts', attempts: 2 },
          { event: 'terminate', do: 'duplicate', ms: 300 },
        ],
      },
    },
    { do: 'call' },
    { do: 'ring' },
    { do: 'answer' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
