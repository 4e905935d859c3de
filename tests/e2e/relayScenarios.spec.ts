/**
 * Impairment through the embedded relay, end to end: the receiver's stats must agree with what
 * the relay dropped, and the same seed must drop the same packets.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';
import type { LegGroundTruth } from '../../harness/relay/core/groundTruthTypes.ts';

/** @param anyVerdict the call's checks are not the point: any exit of a completed run is fine */
async function run(args: string[], anyVerdict = false): Promise<RunResults<CallResult>> {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-relay-'));
  const { code, stderr, stdout } = await runCli(['run', ...args, '--out', out]);
  if (anyVerdict) expect([0, 1], `${stderr}\n${stdout}`).toContain(code);
  else expect(code, `${stderr}\n${stdout}`).toBe(0);
  return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
}

const consumerUplink = (results: RunResults<CallResult>) =>
  (results.calls[0]!.legs as LegGroundTruth[]).find((l) => l.kind === 'rtp' && l.role === 'consumer' && l.direction === 'up')!;

test('packet-loss-10: the relay drops about 10 %, the business reports exactly what it dropped, and the same seed drops the same packets', async () => {
  const first = await run(['--scenario', 'packet-loss-10', '--seed', '42']);
  const second = await run(['--scenario', 'packet-loss-10', '--seed', '42']);
  const call = first.calls[0]!;
  const leg = consumerUplink(first);
  const lossRate = leg.dropped.loss / leg.offered;
  expect(lossRate).toBeGreaterThanOrEqual(0.07);
  expect(lossRate).toBeLessThanOrEqual(0.13);
  const reported = (call.payload as { audio_stats: { packets_lost: number } }).audio_stats.packets_lost;
  expect(Math.abs(reported - leg.dropped.loss)).toBeLessThanOrEqual(3);
  expect(call.checks.find((c) => c.id === 'truth.packets_lost.business')).toMatchObject({ ok: true });
  expect(call.checks.find((c) => c.id === 'truth.loss_rate.consumer_up')).toMatchObject({ ok: true });

  // RTP sequence numbers start at random values; positions in the stream do not.
  const a = leg.droppedPositions;
  const b = consumerUplink(second).droppedPositions;
  const common = Math.min(a.at(-1)!, b.at(-1)!) - 5; // the calls' lengths differ by a few packets
  expect(a.filter((p) => p < common)).toEqual(b.filter((p) => p < common));
  expect(a.length).toBeGreaterThan(20);
});

test('a different seed drops different packets', async () => {
  // A 4 s call is too short for the scenario's loss-rate expectation; only the positions matter here.
  const one = consumerUplink(await run(['--scenario', 'packet-loss-10', '--seed', '1', '--talk-seconds', '4'], true));
  const two = consumerUplink(await run(['--scenario', 'packet-loss-10', '--seed', '2', '--talk-seconds', '4'], true));
  expect(one.droppedPositions.slice(0, 10)).not.toEqual(two.droppedPositions.slice(0, 10));
});

test('blackout-recover: a 3 s outage conceals, the call survives and ends with Hangup_Call', async () => {
  const results = await run(['--scenario', 'blackout-recover', '--seed', '3']);
  const call = results.calls[0]!;
  expect(call.endCallReason).toBe('Hangup_Call');
  const blackout = (call.legs as LegGroundTruth[]).filter((l) => l.kind === 'rtp' && l.role === 'consumer').reduce((n, l) => n + l.dropped.blackout, 0);
  expect(blackout).toBeGreaterThan(250); // ~150 packets each way in 3 s
  expect(call.impairments).toEqual([
    expect.objectContaining({ role: 'consumer', direction: 'up', label: 'blackout drop' }),
    expect.objectContaining({ role: 'consumer', direction: 'down', label: 'blackout drop' }),
  ]);
});

test("fixed-delay: with 20 ms each way on the business's legs, its RTCP round trip to the edge is the 40 ms the relay adds", async () => {
  const call = (await run(['--scenario', 'fixed-delay', '--seed', '4'])).calls[0]!;
  expect(call.checks.find((c) => c.id === 'truth.rtt')).toMatchObject({
    ok: true,
    message: expect.stringMatching(/^average RTT [\d.]+ ms \(totalRoundTripTime [\d.]+ s \/ \d+\); the business's round trip is to the media edge: its legs' configured one-way delays add up to 40 ms; allowed −4\.0 \/ \+8\.0 ms$/),
  });
});
