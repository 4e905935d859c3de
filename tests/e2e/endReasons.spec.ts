/**
 * Every end_call_reason, caused for real through the emulated platform: the end-reasons suite
 * runs the 22 scenarios and each must end with its reason, submit once, and pass its checks.
 */
import { test, expect } from '@playwright/test';
import { runSuite } from '../support/runSuite.ts';
import { END_CALL_REASONS } from '../../harness/contract/endCallReasons.ts';

test('the end-reasons suite produces all 22 reasons, each submitted once and checked', async ({}, testInfo) => {
  test.setTimeout(420_000);
  const { code, results, failed } = await runSuite('end-reasons', 22, testInfo, 400_000);
  expect(failed).toEqual([]);
  expect(code).toBe(0);
  expect(results.calls).toHaveLength(22);
  expect(new Set(results.calls.map((c) => c.endCallReason))).toEqual(new Set(END_CALL_REASONS));
  for (const call of results.calls) {
    expect(call.endCallReason, call.scenario).toBe(call.expectedEndCallReason);
    const accepted = call.submissions.filter((s) => s.status === 200 && (s.response as { success?: boolean }).success === true);
    expect((call.payload as { end_call_reason: string }).end_call_reason, call.scenario).toBe(call.expectedEndCallReason);
    if (call.scenario === 'no-permission') {
      // the platform refused the connect: no call exists, so neither does its log, and Graph refuses the metrics
      expect(accepted, call.scenario).toHaveLength(0);
      expect(call.platform, call.scenario).toBeUndefined();
      continue;
    }
    expect(accepted, call.scenario).toHaveLength(1);
    // caused through the platform: its log has the connect webhook, the end, and the business's metrics
    const log = call.platform!;
    expect(log.webhooks.some((w) => w.event === 'connect' && w.outcome === 'delivered'), call.scenario).toBe(true);
    expect(log.state.endedBy, call.scenario).not.toBeNull();
    expect(log.requests.filter((r) => r.path.endsWith('/call_metrics')), call.scenario).toHaveLength(1);
  }
});
