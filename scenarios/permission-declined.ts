import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The business asks a consumer for call permission and the consumer declines: the business
 * never connects. No call came to exist, so Graph refuses its metrics (invalid call id).
 */
export default defineScenario({
  id: 'permission-declined',
  title: 'Consumer declines the call permission request',
  tags: ['platform'],
  expectedEndCallReason: 'No_Permission',
  expectedSubreason: 'declined the call permission request',
  expectMedia: false,
  expectSubmission: 'rejected',
  timeline: [{ do: 'business-call' }, { do: 'permission-reply', approve: false }],
});
