/**
 * `callsoak merge`: the shards of one run (`run --shard I/N`) as one run, listed as the
 * unsharded run lists it — plan order, then repetition. Shards must belong together
 * (shardCompatibility.ts). A missing shard does not stop the merge: the merged run names it
 * in `run.merged.missingShards` and lists each of the calls that did not run in any given
 * shard as a failed call (check `run.shard_missing`), so the merged run fails and every
 * report says why. A shard that was interrupted makes the merged run interrupted. Pure: the
 * CLI reads the directories and copies the files this returns.
 */
import { callDirName, repetitionOf, sortByPlan, type PlanOrder } from './planOrder.ts';
import type { CallEntry, CallResult, RunMerge, RunResults, RunStatus } from './resultsTypes.ts';
import { shardOf, shardProblems, type PlanJson, type ShardInput } from './shardCompatibility.ts';
import { runStatus, summarize } from './writeResults.ts';

/** Id of the check a call of a missing shard fails. */
export const SHARD_MISSING_CHECK = 'run.shard_missing';

/** Talk time of a scenario that sets none, s (as scenarioSchema's default). */
const DEFAULT_TALK_SECONDS = 10;

export interface MergeTarget {
  /** id of the merged run (a new run id) */
  runId: string;
  /** absolute path of the merged run directory (goes into its plan.json) */
  runDir: string;
}

/** One call directory to copy from a shard into the merged run. */
export interface CallDirCopy {
  /** the shard's directory as given */
  shardDir: string;
  /** the call's directory inside the shard (results.json `dir`) */
  from: string;
  /** the call's directory inside the merged run */
  to: string;
}

export interface MergedRun {
  results: RunResults;
  /** the merged run's plan.json: the first shard's, without the shard, with the merged run's id and directory */
  plan: PlanJson;
  copies: CallDirCopy[];
  /** indices of shards 1..N that were not given */
  missingShards: number[];
}

function orderOf(plan: PlanJson): PlanOrder {
  const repeat = plan.options.repeat;
  const offset = plan.options.repetitionOffset;
  return {
    scenarioIds: plan.scenarios.map((s) => s.id),
    repeat: typeof repeat === 'number' && repeat >= 1 ? repeat : 1,
    repetitionOffset: typeof offset === 'number' && offset >= 0 ? offset : 0,
  };
}

/** A planned call no given shard ran: listed failed, so the merged run cannot pass without it. */
function missingCall(plan: PlanJson, scenarioId: string, repetition: number, why: string): CallResult {
  const scenario = plan.scenarios.find((s) => s.id === scenarioId);
  const talk = plan.options.talkSeconds ?? scenario?.talkSeconds;
  return {
    scenario: scenarioId,
    callId: '',
    expectedEndCallReason: typeof scenario?.expectedEndCallReason === 'string' ? scenario.expectedEndCallReason : '',
    endCallReason: null,
    talkSeconds: typeof talk === 'number' ? talk : DEFAULT_TALK_SECONDS,
    payload: null,
    submissions: [],
    checks: [{ id: SHARD_MISSING_CHECK, ok: false, severity: 'error', message: why }],
    samples: [],
    status: 'failed',
    repetition,
  };
}

const ordinals = (shards: number[], total: number) => shards.map((i) => `${i}/${total}`).join(', ');

/** @returns the merged run, or every reason the inputs cannot be merged */
export function mergeRuns(inputs: readonly ShardInput[], target: MergeTarget): { merged: MergedRun } | { problems: string[] } {
  const problems = shardProblems(inputs);
  const reference = inputs[0];
  if (problems.length > 0 || !reference) return { problems };
  const order = orderOf(reference.plan);
  const total = shardOf(reference.results).total;
  const shards = [...inputs].sort((a, b) => shardOf(a.results).index - shardOf(b.results).index);

  const calls: CallEntry[] = [];
  const copies: CallDirCopy[] = [];
  const seen = new Map<string, string>();
  for (const shard of shards) {
    for (const call of shard.results.calls) {
      const repetition = repetitionOf(call, order);
      const key = `${call.scenario}#${repetition}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(`${call.scenario} repetition ${repetition} is in both ${earlier}/results.json and ${shard.dir}/results.json: the shards overlap`);
        continue;
      }
      seen.set(key, shard.dir);
      const to = callDirName(order, call.scenario, repetition);
      if (call.dir) copies.push({ shardDir: shard.dir, from: call.dir, to });
      calls.push({ ...call, repetition, ...(call.dir ? { dir: to } : {}) });
    }
  }
  if (problems.length > 0) return { problems };

  const given = new Set(shards.map((s) => shardOf(s.results).index));
  const missingShards = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !given.has(i));
  if (missingShards.length > 0) {
    const why = `this call ran in none of the merged shards (${ordinals([...given].sort((a, b) => a - b), total)}): shard${missingShards.length > 1 ? 's' : ''} ${ordinals(missingShards, total)} ${missingShards.length > 1 ? 'were' : 'was'} not given to callsoak merge`;
    for (const id of order.scenarioIds) {
      for (let r = order.repetitionOffset; r < order.repetitionOffset + order.repeat; r++) {
        if (!seen.has(`${id}#${r}`)) calls.push(missingCall(reference.plan, id, r, why));
      }
    }
  }

  const sorted = sortByPlan(calls, order);
  const interrupted = shards.some((s) => s.results.run.status === 'interrupted');
  const status: RunStatus = runStatus(sorted, interrupted);
  const merged: RunMerge = {
    shards: shards.map((s) => ({ ...shardOf(s.results), runId: s.results.run.id, status: s.results.run.status, calls: s.results.calls.length, dir: s.dir })),
    missingShards,
  };
  const { run } = reference.results;
  const results: RunResults = {
    schemaVersion: 1,
    run: {
      id: target.runId,
      startedAt: shards.map((s) => s.results.run.startedAt).sort()[0] ?? run.startedAt,
      finishedAt: shards.map((s) => s.results.run.finishedAt).sort().at(-1) ?? run.finishedAt,
      seed: run.seed,
      status,
      browser: run.browser,
      ...(run.harnessVersion !== undefined ? { harnessVersion: run.harnessVersion } : {}),
      merged,
    },
    calls: sorted,
    summary: summarize(sorted),
  };
  const { shard: _shard, ...options } = reference.plan.options;
  const { shard: _planShard, ...plan } = reference.plan;
  return { merged: { results, plan: { ...plan, runId: target.runId, runDir: target.runDir, startedAt: results.run.startedAt, options }, copies, missingShards } };
}
