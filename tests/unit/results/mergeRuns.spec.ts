/**
 * Merging shards of a run: the merged run lists calls as the unsharded run would, refuses
 * directories that are not shards of one run naming the file and field that differ, and
 * marks missing or interrupted shards.
 */
import { test, expect } from '@playwright/test';
import { mergeRuns, SHARD_MISSING_CHECK } from '../../../harness/results/mergeRuns.ts';
import { callDirName, sortByPlan, type PlanOrder } from '../../../harness/results/planOrder.ts';
import type { CallResult, RunResults, RunStatus } from '../../../harness/results/resultsTypes.ts';
import type { PlanJson, ShardInput } from '../../../harness/results/shardCompatibility.ts';
import { parseShard } from '../../../harness/cli/parseShard.ts';

const SCENARIOS = ['hangup-call', 'ignore-call', 'packet-loss-10'];
const TARGET = { runId: 'merged-run', runDir: '/runs/merged' };

function plan(overrides: Partial<PlanJson> & { options?: Record<string, unknown> } = {}): PlanJson {
  return {
    seed: 7,
    scenarios: SCENARIOS.map((id) => ({ id, tags: ['smoke'], expectedEndCallReason: id === 'ignore-call' ? 'Ignore_Call' : 'Hangup_Call', talkSeconds: 10, file: `scenarios/${id}.ts` })),
    media: { sha256: 'abc' },
    ...overrides,
    options: { repeat: 2, repetitionOffset: 0, transform: 'spec', sampleIntervalMs: 1000, workers: 2, ...overrides.options },
  };
}

function call(scenario: string, repetition: number, status: 'passed' | 'failed' = 'passed'): CallResult {
  return {
    scenario,
    callId: `${scenario}-${repetition}`,
    expectedEndCallReason: 'Hangup_Call',
    endCallReason: 'Hangup_Call',
    talkSeconds: 10,
    payload: {},
    submissions: [],
    checks: [{ id: 'call.end_reason', ok: status === 'passed', severity: 'error', message: '' }],
    samples: [],
    status,
    repetition,
    dir: `calls/x-${scenario}-${repetition}`,
  };
}

function shard(dir: string, index: number, total: number, calls: CallResult[], extra: { seed?: number; status?: RunStatus; plan?: PlanJson } = {}): ShardInput {
  const results: RunResults = {
    schemaVersion: 1,
    run: {
      id: `run-${index}`,
      startedAt: `2025-01-01T00:0${index}:00.000Z`,
      finishedAt: `2025-01-01T00:1${index}:00.000Z`,
      seed: extra.seed ?? 7,
      status: extra.status ?? 'passed',
      browser: { name: 'chromium', version: '140' },
      harnessVersion: '0.1.0',
      shard: { index, total },
    },
    calls,
    summary: { calls: calls.length, passed: calls.length, failed: 0 },
  };
  return { dir, results, plan: extra.plan ?? plan() };
}

test('two shards merge into the unsharded order: plan order, then repetition, with the unsharded call directories', () => {
  const a = shard('a', 1, 2, [call('packet-loss-10', 1), call('hangup-call', 0), call('ignore-call', 1)]);
  const b = shard('b', 2, 2, [call('ignore-call', 0), call('packet-loss-10', 0), call('hangup-call', 1, 'failed')]);
  const outcome = mergeRuns([b, a], TARGET);
  if (!('merged' in outcome)) throw new Error(outcome.problems.join('\n'));
  const { results, copies, missingShards, plan: mergedPlan } = outcome.merged;
  expect(results.calls.map((c) => `${c.scenario}#${c.repetition}`)).toEqual(['hangup-call#0', 'hangup-call#1', 'ignore-call#0', 'ignore-call#1', 'packet-loss-10#0', 'packet-loss-10#1']);
  expect(results.calls.map((c) => c.dir)).toEqual(['calls/001-hangup-call', 'calls/002-hangup-call-r1', 'calls/003-ignore-call', 'calls/004-ignore-call-r1', 'calls/005-packet-loss-10', 'calls/006-packet-loss-10-r1']);
  expect(copies).toContainEqual({ shardDir: 'b', from: 'calls/x-hangup-call-1', to: 'calls/002-hangup-call-r1' });
  expect(results.summary).toEqual({ calls: 6, passed: 5, failed: 1 });
  expect(results.run).toMatchObject({ id: 'merged-run', seed: 7, status: 'failed', startedAt: '2025-01-01T00:01:00.000Z', finishedAt: '2025-01-01T00:12:00.000Z' });
  expect(results.run.shard).toBeUndefined();
  expect(results.run.merged).toEqual({
    shards: [
      { index: 1, total: 2, runId: 'run-1', status: 'passed', calls: 3, dir: 'a' },
      { index: 2, total: 2, runId: 'run-2', status: 'passed', calls: 3, dir: 'b' },
    ],
    missingShards: [],
  });
  expect(missingShards).toEqual([]);
  expect(mergedPlan).toMatchObject({ runId: 'merged-run', runDir: '/runs/merged' });
  expect(mergedPlan.options.shard).toBeUndefined();
});

test('shards of different seeds are refused, naming the file and field that differ', () => {
  const outcome = mergeRuns([shard('nightly/a', 1, 2, []), shard('nightly/b', 2, 2, [], { seed: 8 })], TARGET);
  expect(outcome).toEqual({ problems: ['nightly/b/results.json: run.seed is 8, nightly/a/results.json has 7'] });
});

test('every difference in scenarios and result-affecting options is listed; --workers may differ', () => {
  const other = plan({ options: { talkSeconds: 3, workers: 1 } });
  other.scenarios[1]!.expectedEndCallReason = 'Ring_Muted';
  const outcome = mergeRuns([shard('a', 1, 3, []), shard('b', 2, 2, [], { plan: other })], TARGET);
  expect(outcome).toEqual({
    problems: [
      'b/results.json: run.shard.total is 2, a/results.json has 3',
      'b/plan.json: scenarios[1].expectedEndCallReason (ignore-call) is "Ring_Muted", a/plan.json has "Ignore_Call"',
      'b/plan.json: options.talkSeconds is 3, a/plan.json has (not set)',
    ],
  });
  const fewer = plan({ scenarios: plan().scenarios.slice(0, 2) });
  expect(mergeRuns([shard('a', 1, 2, []), shard('b', 2, 2, [], { plan: fewer })], TARGET)).toEqual({
    problems: ["b/plan.json: scenarios differ from a/plan.json's (only in a/plan.json: packet-loss-10)"],
  });
});

test('the same shard twice, or shards sharing a call, are refused', () => {
  expect(mergeRuns([shard('a', 1, 2, []), shard('b', 1, 2, [])], TARGET)).toEqual({ problems: ['shard 1/2 is given 2 times: a, b'] });
  expect(mergeRuns([shard('a', 1, 2, [call('hangup-call', 0)]), shard('b', 2, 2, [call('hangup-call', 0)])], TARGET)).toEqual({
    problems: ['hangup-call repetition 0 is in both a/results.json and b/results.json: the shards overlap'],
  });
  const broken = shard('b', 3, 2, []);
  expect(mergeRuns([shard('a', 1, 2, []), broken], TARGET)).toEqual({
    problems: ['b/results.json: run.shard must be {"index": I, "total": N} with 1 <= I <= N, got {"index":3,"total":2}'],
  });
});

test('a missing shard is named, and the calls no shard ran are listed as failed', () => {
  const given = [call('hangup-call', 0), call('hangup-call', 1), call('ignore-call', 0)];
  const outcome = mergeRuns([shard('a', 1, 3, given), shard('c', 3, 3, [call('packet-loss-10', 1)])], TARGET);
  if (!('merged' in outcome)) throw new Error(outcome.problems.join('\n'));
  const { results, missingShards } = outcome.merged;
  expect(missingShards).toEqual([2]);
  expect(results.run.merged?.missingShards).toEqual([2]);
  expect(results.run.status).toBe('failed');
  expect(results.summary).toEqual({ calls: 6, passed: 4, failed: 2 });
  const absent = results.calls.filter((c) => c.checks.some((k) => k.id === SHARD_MISSING_CHECK));
  expect(absent.map((c) => `${c.scenario}#${c.repetition}`)).toEqual(['ignore-call#1', 'packet-loss-10#0']);
  expect(absent[0]).toMatchObject({ status: 'failed', expectedEndCallReason: 'Ignore_Call', talkSeconds: 10, endCallReason: null });
  expect(absent[0]!.checks[0]!.message).toBe('this call ran in none of the merged shards (1/3, 3/3): shard 2/3 was not given to callsoak merge');
});

test('an interrupted shard makes the merged run interrupted; an empty shard is fine', () => {
  const outcome = mergeRuns([shard('a', 1, 2, [call('hangup-call', 0)], { status: 'interrupted' }), shard('b', 2, 2, [])], TARGET);
  if (!('merged' in outcome)) throw new Error(outcome.problems.join('\n'));
  expect(outcome.merged.results.run.status).toBe('interrupted');
});

test('plan order numbers call directories the same in every shard', () => {
  const order: PlanOrder = { scenarioIds: ['a', 'b'], repeat: 3, repetitionOffset: 5 };
  expect(callDirName(order, 'b', 6)).toBe('calls/005-b-r6');
  expect(callDirName({ ...order, repetitionOffset: 0 }, 'a', 0)).toBe('calls/001-a');
  const calls = [{ scenario: 'b', repetition: 5 }, { scenario: 'zz', repetition: 5 }, { scenario: 'a', repetition: 7 }, { scenario: 'a', repetition: 5 }];
  expect(sortByPlan(calls, order)).toEqual([calls[3], calls[2], calls[0], calls[1]]);
});

test('--shard accepts I/N with 1 <= I <= N <= 64 and names the constraint otherwise', () => {
  expect(parseShard('2/3')).toEqual({ shard: { index: 2, total: 3 } });
  expect(parseShard('64/64')).toEqual({ shard: { index: 64, total: 64 } });
  for (const bad of ['0/2', '3/2', '1/65', '1', 'a/b', '-1/2', '1.5/2']) {
    expect(parseShard(bad)).toEqual({ error: `--shard must be I/N with 1 <= I <= N <= 64 (run part I of N; merge the parts with callsoak merge), got '${bad}'` });
  }
});
