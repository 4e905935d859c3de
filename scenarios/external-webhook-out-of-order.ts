import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Webhooks out of order on a call your integration placed: the call_status "ringing" webhook is
 * held back 3 s, so "accepted" and the media_update overtake it. Your integration must not fall
 * back to ringing; the call goes on until the consumer hangs up.
 */
export default defineScenario({
  id: 'external-webhook-out-of-order',
  title: 'External business: call_status ringing arrives after accepted and the media_update',
  tags: ['external'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 4,
  timeline: [
    { do: 'platform-fault', plan: { webhooks: [{ event: 'call_status', nth: 1, do: 'delay', ms: 3000 }] } },
    { do: 'business-call' },
    { do: 'permission-reply', approve: true },
    { do: 'pick-up' },
    { do: 'talk' },
    { do: 'hangup', by: 'consumer' },
  ],
});
