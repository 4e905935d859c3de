import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * Your integration calls the consumer (the driver's placeCall): with no call permission it
 * sends the calling_optin request, the consumer approves (call_permission_reply webhook), it
 * connects with its complete offer, the consumer picks up (call_status, then a media_update
 * with the edge's offer it must apply), they talk, your agent hangs up (the driver's hangUp).
 */
export default defineScenario({
  id: 'external-business-initiated',
  title: 'External business: the business calls a consumer after asking for permission',
  tags: ['external'],
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
