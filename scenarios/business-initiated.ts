import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The business calls a consumer: it finds no call permission, sends the calling_optin request,
 * the consumer approves (call_permission_reply webhook), the business connects, the consumer
 * picks up (call_status, then a media_update with the edge's offer), they talk, the business
 * hangs up.
 */
export default defineScenario({
  id: 'business-initiated',
  title: 'Business calls a consumer after asking for permission',
  tags: ['platform'],
  expectedEndCallReason: 'Hangup_Call',
  talkSeconds: 4,
  timeline: [
    { do: 'business-call' },
    { do: 'permission-reply', approve: true },
    { do: 'pick-up' },
    { do: 'talk' },
    { do: 'hangup', by: 'business' },
  ],
});
