/**
 * One bug, one failed check: the failures that follow from a root cause say "no verdict" and
 * keep their finding; failures of their own stay failures. Messages are the checks' real ones
 * from runs of the example integration's bug variants.
 */
import { test, expect } from '@playwright/test';
import { EXTERNAL_ROOT_CAUSES, FORGED_WEBHOOK, judgeRootCauses } from '../../../harness/engine/checks/rootCauses.ts';
import type { CheckResult } from '../../../harness/results/resultsTypes.ts';

const fail = (id: string, message = 'failed', severity: CheckResult['severity'] = 'error'): CheckResult => ({ id, ok: false, severity, message });
const pass = (id: string): CheckResult => ({ id, ok: true, severity: 'error', message: 'fine' });
const failedIds = (checks: CheckResult[]) => checks.filter((c) => !c.ok).map((c) => c.id);

test('a report sent before the terminate: only platform.metrics_after_end fails, the lost report is its consequence', () => {
  const judged = judgeRootCauses(
    [fail('submission.latency_ms', 'no accepted submission', 'warning'), fail('submission.nothing_lost', 'lost: never stored'), fail('platform.metrics_after_end', '22 ms before the call ended'), fail('platform.metrics_once', 'no accepted /call_metrics submission'), pass('contract.schema')],
    EXTERNAL_ROOT_CAUSES,
  );
  expect(failedIds(judged)).toEqual(['platform.metrics_after_end']);
  const lost = judged.find((c) => c.id === 'submission.nothing_lost')!;
  expect(lost).toMatchObject({ ok: true, noVerdict: true, severity: 'error' });
  expect(lost.message).toBe('no verdict: the report went out before the call ended, and the platform refused it as in progress (platform.metrics_after_end failed); it read: lost: never stored');
});

test('millisecond timestamps: the schema check is a consequence only when all its problems are the milliseconds', () => {
  const msOnly = fail('contract.schema', '2 problem(s) against the field-table schema: call_ended_time must be ≤ 9999999999 (Unix seconds; this looks like milliseconds), got 1; audio_stats.call_ended_time must be ≤ 9999999999 (Unix seconds; this looks like milliseconds), got 1');
  const other = fail('contract.schema', '2 problem(s) against the field-table schema: call_ended_time must be ≤ 9999999999 (Unix seconds; this looks like milliseconds), got 1; audio_stats.jitter must be number');
  const rest = [fail('contract.timestamps.seconds'), fail('contract.timestamps.wall_clock'), fail('submission.nothing_lost'), fail('platform.metrics_once')];
  expect(failedIds(judgeRootCauses([msOnly, ...rest], EXTERNAL_ROOT_CAUSES))).toEqual(['contract.timestamps.seconds']);
  expect(failedIds(judgeRootCauses([other, ...rest], EXTERNAL_ROOT_CAUSES))).toEqual(['contract.schema', 'contract.timestamps.seconds']);
});

test('call_ended_time off: the wall-clock check about the same time follows, one about the first audio does not', () => {
  const root = fail('platform.call_ended_time', 'call_ended_time 1796638962 s (3 s early)');
  expect(failedIds(judgeRootCauses([root, fail('contract.timestamps.wall_clock', 'call_ended_time is 1796638962 but the call ended at …')], EXTERNAL_ROOT_CAUSES))).toEqual(['platform.call_ended_time']);
  expect(failedIds(judgeRootCauses([root, fail('contract.timestamps.wall_clock', 'first_audio_packet_received_time is 0 but …')], EXTERNAL_ROOT_CAUSES))).toEqual(['platform.call_ended_time', 'contract.timestamps.wall_clock']);
});

test('no audio counted at all: no first audio follows; a partial count is not a root', () => {
  const others = [fail('platform.first_audio_after_delivery', 'first_audio_packet_received_time 0 s'), fail('contract.timestamps.wall_clock', 'first_audio_packet_received_time is 0 but the first audio arrived at …')];
  expect(failedIds(judgeRootCauses([fail('truth.payload_packets.business', 'payload packets_received 0, packets_lost 0; …'), ...others], EXTERNAL_ROOT_CAUSES))).toEqual(['truth.payload_packets.business']);
  expect(failedIds(judgeRootCauses([fail('truth.payload_packets.business', 'payload packets_received 120, packets_lost 0; …'), ...others], EXTERNAL_ROOT_CAUSES))).toEqual(['truth.payload_packets.business', 'platform.first_audio_after_delivery', 'contract.timestamps.wall_clock']);
});

test('a root that passed demotes nothing (the lost report here follows from the milliseconds), and callsoak’s own agent keeps its check list apart from the forged webhook', () => {
  const checks = [pass('platform.metrics_after_end'), fail('submission.nothing_lost'), fail('contract.timestamps.seconds'), fail('contract.timestamps.wall_clock')];
  expect(judgeRootCauses(checks, EXTERNAL_ROOT_CAUSES).filter((c) => c.noVerdict).map((c) => c.id)).toEqual(['submission.nothing_lost', 'contract.timestamps.wall_clock']);
  expect(judgeRootCauses(checks, [FORGED_WEBHOOK])).toEqual(checks);
  const forged = judgeRootCauses([fail('platform.forged_webhook_ignored'), fail('platform.metrics_once'), fail('contract.units.rtt')], [FORGED_WEBHOOK]);
  expect(failedIds(forged)).toEqual(['platform.forged_webhook_ignored', 'contract.units.rtt']);
});
