/**
 * Which sides of the bundled scenarios may share a soak's page: the ones whose scenario never
 * acts on that side's whole page or context.
 */
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { loadScenarios } from '../../../harness/scenario/loadScenarios.ts';
import { ownPageReason } from '../../../harness/scenario/pageSharingRules.ts';

const SCENARIOS = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

test('sides that crash, close, navigate, deny or start with a device denied need their own page; the rest share', async () => {
  const { scenarios, errors } = await loadScenarios(SCENARIOS);
  expect(errors).toEqual([]);
  const own = Object.fromEntries(
    scenarios.flatMap((s) =>
      (['consumer', 'business'] as const).flatMap((role) => {
        const reason = ownPageReason(s, role);
        return reason ? [[`${s.id}/${role}`, reason]] : [];
      }),
    ),
  );
  expect(own).toMatchObject({
    'unexpected-end-of-call/consumer': "timeline[4] 'crash' acts on the consumer's page",
    'client-interrupted/business': expect.stringMatching(/^timeline\[\d+\] 'close' acts on the business's page$/),
    'microphone-permission-denied/business': "peers.business.microphone is 'denied'",
  });
  for (const shared of ['hangup-call/consumer', 'hangup-call/business', 'packet-loss-10/consumer', 'unexpected-end-of-call/business']) {
    expect(own[shared], shared).toBeUndefined();
  }
});
