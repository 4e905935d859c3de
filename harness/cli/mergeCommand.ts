/**
 * `callsoak merge DIR... [--out DIR] [--thresholds FILE] [--history DIR]`: joins the run
 * directories of a sharded run (`run --shard I/N` on several machines) into one run
 * directory — results.json, index.html, junit.xml, summary.md, thresholds.json, the calls'
 * own directories — points reports/latest at it and records it in the history, as `run`
 * does for a whole run (node side; the merge itself is harness/results/mergeRuns.ts).
 * Exit codes as `run`: 0 every call passed, 1 a call failed (or a shard is missing),
 * 2 usage error, 3 a threshold was breached, 130 a shard was interrupted.
 */
import { Command } from 'commander';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { runDirProblem } from './prepareRunDir.ts';
import { writeFileAtomic } from '../results/runDirWrites.ts';
import { join, resolve, sep } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { readRunDir, PLAN_JSON, RESULTS_JSON } from '../report/readRunDir.ts';
import { writeRunReports } from '../report/writeRunReports.ts';
import { mergeRuns, SHARD_MISSING_CHECK, type MergedRun } from '../results/mergeRuns.ts';
import { planJsonProblems, type PlanJson, type ShardInput } from '../results/shardCompatibility.ts';
import { pointLatest, writeResults } from '../results/writeResults.ts';
import { appendRun, defaultHistoryDir } from '../history/historyStore.ts';
import { evaluateParsedThresholds, evaluateThresholds, type ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { loadThresholdsFile } from '../thresholds/loadThresholdsFile.ts';
import { runExitCode } from '../thresholds/runExitCode.ts';
import { UsageError, type ExitCode } from '../exit/exitCodes.ts';
import { newRunId } from './runCommand.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

export interface MergeCliOptions {
  out?: string;
  thresholds?: string;
  history?: string;
}

export function mergeCommand(): Command {
  return new Command('merge')
    .description('merge the run directories of a sharded run (run --shard I/N) into one run directory and report')
    .argument('<run-dirs...>', 'the shards\' run directories (each with results.json and plan.json)')
    .option('--out <dir>', 'merged run directory to write (default reports/<new run id>); must not hold a run yet')
    .option('--thresholds <file>', 'JSON file of thresholds to evaluate on the merged run (default: the shards\' own --thresholds); a breach exits 3')
    .option('--history <dir>', 'run history to record the merged run in (default reports/history)')
    .allowExcessArguments(false)
    .addHelpText(
      'after',
      '\nThe directories must be shards of one run: same seed, scenarios and options, shard count N, each index once.\n' +
        'A missing shard is named, and its calls are listed as failed.\n' +
        'Exit codes: 0 every call passed, 1 a call failed or a shard is missing, 2 usage error (not a run directory, shards of different runs), 3 a threshold was breached, 5 a file could not be written, 130 a shard was interrupted.',
    )
    .action((dirs: string[], options: MergeCliOptions) => {
      try {
        process.exitCode = merge(dirs, options);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        log(`callsoak merge: ${error.message}`);
        process.exitCode = error.code;
      }
    });
}

/** One directory as merge needs it, or what is wrong with it. */
function readShard(dir: string): ShardInput | string {
  let results;
  try {
    results = readRunDir(dir).results;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  const planPath = join(dir, PLAN_JSON);
  if (!existsSync(planPath)) return `${dir} has no ${PLAN_JSON}: merge needs each run's plan (seed, scenarios, options) to check that the shards belong together`;
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as unknown; // readRunDir has parsed it once already
  const problems = planJsonProblems(plan);
  if (problems.length > 0) return `${join(dir, PLAN_JSON)} is not a callsoak plan: ${problems.join('; ')}`;
  return { dir, results, plan: plan as PlanJson };
}

function merge(dirs: string[], options: MergeCliOptions): ExitCode {
  const read = dirs.map((d) => readShard(d.length > 1 ? d.replace(/\/+$/, '') : d));
  const unreadable = read.filter((r): r is string => typeof r === 'string');
  if (unreadable.length > 0) throw new UsageError(unreadable.join('\n'));
  const inputs = read as ShardInput[];
  const loaded = options.thresholds !== undefined ? loadThresholdsFile(options.thresholds) : undefined;

  const runId = newRunId(new Date());
  const out = resolve(options.out ?? join('reports', runId));
  const taken = inputs.find((i) => resolve(i.dir) === out);
  if (taken) throw new UsageError(`--out ${options.out}: is one of the run directories to merge; give a new directory`);
  if (existsSync(join(out, RESULTS_JSON))) throw new UsageError(`--out ${options.out ?? out}: already holds a run (${RESULTS_JSON}); give a new directory`);
  const unusable = runDirProblem('--out', out, options.out ?? displayPath(out));
  if (unusable) throw new UsageError(unusable);

  const outcome = mergeRuns(inputs, { runId, runDir: out });
  if ('problems' in outcome) throw new UsageError(`the run directories are not the shards of one run:\n  ${outcome.problems.join('\n  ')}`);
  const { merged } = outcome;
  const { results } = merged;

  mkdirSync(out, { recursive: true });
  copyCallDirs(merged, out);
  copyEndpointRecords(inputs, out);
  writeFileAtomic(join(out, PLAN_JSON), `${JSON.stringify(merged.plan, null, 2)}\n`);
  writeResults(out, results);
  const tags = Object.fromEntries(merged.plan.scenarios.map((s) => [s.id, Array.isArray(s.tags) ? (s.tags as string[]) : []]));
  const shardThresholds = merged.plan.thresholds as Record<string, string[]> | undefined;
  const thresholds: ThresholdResult[] = loaded
    ? evaluateParsedThresholds(results, loaded.parsed, tags)
    : shardThresholds
      ? evaluateThresholds(results, shardThresholds, tags)
      : [];
  const paths = writeRunReports(out, results, thresholds.length > 0 ? { thresholds } : {});
  pointLatest(join(process.cwd(), 'reports'), out);
  const historyDir = resolve(options.history ?? defaultHistoryDir());
  try {
    appendRun(historyDir, out, results);
  } catch (error) {
    throw new UsageError(`history ${displayPath(historyDir)}: ${(error as Error).message}`);
  }

  const shards = results.run.merged?.shards ?? [];
  log(`callsoak merge: shard${shards.length === 1 ? '' : 's'} ${shards.map((s) => `${s.index}/${s.total}`).join(', ')} of seed ${results.run.seed} → run ${runId} in ${displayPath(out)}`);
  if (merged.missingShards.length > 0) {
    const absent = results.calls.filter((c) => c.checks.some((k) => k.id === SHARD_MISSING_CHECK)).length;
    log(`callsoak merge: missing shard${merged.missingShards.length === 1 ? '' : 's'} ${merged.missingShards.join(', ')} of ${shards[0]?.total ?? '?'}: ${absent} call${absent === 1 ? '' : 's'} listed as failed`);
  }
  for (const s of shards.filter((x) => x.status === 'interrupted')) log(`callsoak merge: shard ${s.index}/${s.total} (${s.dir}) was interrupted`);
  for (const t of thresholds.filter((x) => !x.ok)) log(`threshold ${t.message}`);
  log(`${results.summary.passed}/${results.summary.calls} calls passed · ${displayPath(paths.html)}`);
  process.stdout.write(`report:  ${displayPath(paths.html)}\njunit:   ${displayPath(paths.junit)}\nsummary: ${displayPath(paths.markdown)}\n`);
  return runExitCode(results, thresholds);
}

/** Each call's directory (repro.json, payload.json, console.txt) under the name the unsharded run gives it. */
function copyCallDirs(merged: MergedRun, out: string): void {
  for (const copy of merged.copies) {
    const from = resolve(copy.shardDir, copy.from);
    const to = resolve(out, copy.to);
    if (!to.startsWith(`${out}${sep}`)) continue; // computed from the plan; never outside the run directory
    if (!existsSync(from)) {
      log(`callsoak merge: note: ${join(copy.shardDir, copy.from)} is missing; the merged call has no files`);
      continue;
    }
    cpSync(from, to, { recursive: true });
  }
}

/** The endpoints' request records, one set per shard (their worker file names may repeat across machines). */
function copyEndpointRecords(inputs: readonly ShardInput[], out: string): void {
  for (const input of inputs) {
    const dir = join(input.dir, 'endpoint');
    if (!existsSync(dir)) continue;
    mkdirSync(join(out, 'endpoint'), { recursive: true });
    const index = input.results.run.shard?.index ?? 1;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) cpSync(join(dir, name), join(out, 'endpoint', `shard${index}-${name}`));
  }
}
