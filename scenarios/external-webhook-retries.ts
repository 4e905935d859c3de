import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Webhook delivery fails and repeats: the first two attempts of the connect webhook fail (the
 * platform retries with the same bytes), and the terminate webhook comes twice. Your integration
 * answers the call once, and ends and reports it once.
 */
export default defineScenario({
  id: 'external-webhook-retries',
  title: 'External business: connect webhook retried, terminate webhook duplicated',
  tags: ['external'],
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
