import { defineScenario } from '../harness/scenario/defineScenario.ts';

/**
 * The business calls a consumer who gave no call permission: the platform refuses the connect
 * ("Consumer has not given permission to call"). No call came to exist, so Graph refuses the
 * metrics too (invalid call id).
 */
export default defineScenario({
  id: 'no-permission',
  title: "Business calls a consumer without their permission",
  tags: ['end-reasons', 'platform'],
  expectedEndCallReason: 'No_Permission',
  expectedSubreason: 'not given permission',
  expectMedia: false,
  expectSubmission: 'rejected',
  // a business that checks first would ask for permission instead (see permission-declined)
  peers: { business: { askPermission: false } },
  timeline: [{ do: 'business-call' }],
});
