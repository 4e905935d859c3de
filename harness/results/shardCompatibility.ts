/**
 * Whether run directories are shards of one run (`callsoak merge`): the same seed, scenarios
 * and result-affecting options, the same shard count, each shard once. Every difference is
 * one sentence naming the file and field that differ, against the first directory given. Pure.
 */
import type { RunResults, RunShard } from './resultsTypes.ts';

/** plan.json as merge reads it: only these fields are relied on; the rest is carried along. */
export interface PlanJson {
  seed?: unknown;
  /** the scenarios as they ran, in plan order */
  scenarios: ({ id: string } & Record<string, unknown>)[];
  options: Record<string, unknown>;
  media?: { sha256?: unknown };
  thresholds?: unknown;
  [field: string]: unknown;
}

/** One run directory as merge reads it. */
export interface ShardInput {
  /** the directory as the user gave it: messages name `<dir>/results.json`, `<dir>/plan.json` */
  dir: string;
  results: RunResults;
  plan: PlanJson;
}

/**
 * Run options that change what a call does or how it is checked; the rest (--out, --workers,
 * --history, how scenarios were selected) may differ between shards. --thresholds is compared
 * through plan.json `thresholds`.
 */
export const RESULT_OPTIONS = ['repeat', 'repetitionOffset', 'talkSeconds', 'transform', 'submitter', 'sampleIntervalMs', 'business', 'consumer', 'endpoint', 'pageId'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the parts of a parsed plan.json merge relies on. */
export function planJsonProblems(value: unknown): string[] {
  if (!isObject(value)) return ['must be a JSON object (the plan callsoak run writes)'];
  const problems: string[] = [];
  if (!Array.isArray(value.scenarios) || !value.scenarios.every((s) => isObject(s) && typeof s.id === 'string')) problems.push('scenarios must be an array of scenarios with an id');
  if (!isObject(value.options)) problems.push('options must be an object');
  return problems;
}

/** The shard a run directory holds; a run without --shard is the one part of itself. */
export function shardOf(results: RunResults): RunShard {
  return results.run.shard ?? { index: 1, total: 1 };
}

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The first path at which two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: string): { path: string; a: unknown; b: unknown } | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = i < a.length && i < b.length ? firstDifference(a[i], b[i], `${path}[${i}]`) : { path: `${path}.length`, a: a.length, b: b.length };
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[key], b[key], `${path}.${key}`);
      if (d) return d;
    }
    return undefined;
  }
  return JSON.stringify(a) === JSON.stringify(b) ? undefined : { path, a, b };
}

/** Scenario selection: the same ids in the same order, each with the same definition (its file path aside). */
function scenarioProblems(shard: ShardInput, reference: ShardInput): string[] {
  const file = `${shard.dir}/plan.json`;
  const refFile = `${reference.dir}/plan.json`;
  const ids = shard.plan.scenarios.map((s) => s.id);
  const refIds = reference.plan.scenarios.map((s) => s.id);
  const onlyHere = ids.filter((id) => !refIds.includes(id));
  const onlyThere = refIds.filter((id) => !ids.includes(id));
  if (onlyHere.length > 0 || onlyThere.length > 0) {
    const parts = [...(onlyHere.length ? [`only in ${file}: ${onlyHere.join(', ')}`] : []), ...(onlyThere.length ? [`only in ${refFile}: ${onlyThere.join(', ')}`] : [])];
    return [`${file}: scenarios differ from ${refFile}'s (${parts.join('; ')})`];
  }
  if (ids.join('\n') !== refIds.join('\n')) return [`${file}: scenarios are in another order than in ${refFile} (${ids.join(', ')})`];
  const problems: string[] = [];
  shard.plan.scenarios.forEach((scenario, i) => {
    const { file: _f, ...here } = scenario;
    const { file: _g, ...there } = reference.plan.scenarios[i]!;
    const d = firstDifference(here, there, `scenarios[${i}]`);
    if (d) problems.push(`${file}: ${d.path} (${scenario.id}) is ${show(d.a)}, ${refFile} has ${show(d.b)}`);
  });
  return problems;
}

/** What is wrong with a results.json `run.shard` field; undefined when it is absent or well-formed. */
function shardFieldProblem(input: ShardInput): string | undefined {
  const shard: unknown = input.results.run.shard;
  if (shard === undefined) return undefined;
  const ok = isObject(shard) && Number.isInteger(shard.index) && Number.isInteger(shard.total) && (shard.index as number) >= 1 && (shard.index as number) <= (shard.total as number);
  return ok ? undefined : `${input.dir}/results.json: run.shard must be {"index": I, "total": N} with 1 <= I <= N, got ${show(shard)}`;
}

/** Every reason the inputs are not the shards of one run; [] when they are. */
export function shardProblems(inputs: readonly ShardInput[]): string[] {
  const reference = inputs[0];
  if (!reference) return ['no run directories given'];
  const malformed = inputs.map(shardFieldProblem).filter((p): p is string => p !== undefined);
  if (malformed.length > 0) return malformed;
  const problems: string[] = [];
  const refResults = `${reference.dir}/results.json`;
  const refPlan = `${reference.dir}/plan.json`;
  const refShard = shardOf(reference.results);
  for (const shard of inputs.slice(1)) {
    const results = `${shard.dir}/results.json`;
    const plan = `${shard.dir}/plan.json`;
    const differs = (field: string, file: string, refFile: string, here: unknown, there: unknown) => {
      if (JSON.stringify(here) !== JSON.stringify(there)) problems.push(`${file}: ${field} is ${show(here)}, ${refFile} has ${show(there)}`);
    };
    differs('run.seed', results, refResults, shard.results.run.seed, reference.results.run.seed);
    differs('run.shard.total', results, refResults, shardOf(shard.results).total, refShard.total);
    differs('run.harnessVersion', results, refResults, shard.results.run.harnessVersion, reference.results.run.harnessVersion);
    differs('run.browser', results, refResults, shard.results.run.browser, reference.results.run.browser);
    problems.push(...scenarioProblems(shard, reference));
    for (const option of RESULT_OPTIONS) differs(`options.${option}`, plan, refPlan, shard.plan.options[option], reference.plan.options[option]);
    differs('media.sha256', plan, refPlan, shard.plan.media?.sha256, reference.plan.media?.sha256);
    differs('thresholds', plan, refPlan, shard.plan.thresholds, reference.plan.thresholds);
  }
  const byIndex = new Map<number, string[]>();
  for (const shard of inputs) byIndex.set(shardOf(shard.results).index, [...(byIndex.get(shardOf(shard.results).index) ?? []), shard.dir]);
  for (const [index, dirs] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    if (dirs.length > 1) problems.push(`shard ${index}/${refShard.total} is given ${dirs.length} times: ${dirs.join(', ')}`);
  }
  return problems;
}
