import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Webhooks out of order on a business-initiated call: the call_status "ringing" webhook is held
 * back 3 s, so "accepted" and the media_update overtake it. The business must not fall back to
 * ringing; the call goes on.
 */
export default defineScenario({
  id: 'webhook-out-of-order',
  title: 'call_status ringing arrives after accepted and the media_update',
  tags: ['platform'],
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
