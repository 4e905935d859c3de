/**
 * `callsoak run`: resolve the plan (scenarios, browser, media, seed), run the calls through
 * Playwright Test, and exit with the run's verdict (node side).
 */
import { Command } from 'commander';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { ensureSpeechWav } from './speechWav.ts';
import { loadScenarios } from '../scenario/loadScenarios.ts';
import { PLAN_ENV, type RunPlan } from '../plan/runPlan.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import { RESULTS_FILE } from '../results/writeResults.ts';
import { REPORT_FILES } from '../report/writeRunReports.ts';
import { loadThresholdsFile } from '../thresholds/loadThresholdsFile.ts';
import { runExitCode } from '../thresholds/runExitCode.ts';
import { beginRun, defaultHistoryDir } from '../history/historyStore.ts';
import { compareToProblems, recordAndCompare } from './recordAndCompare.ts';
import type { ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { EXIT, UsageError, type ExitCode } from '../exit/exitCodes.ts';
import { addSchemaOptions, parseSchemaOptions } from './optionsFromSchema.ts';
import { HARNESS_VERSION, PACKAGE_ROOT, SCENARIOS_DIR } from './packageFiles.ts';
import { resolveBrowser } from './resolveBrowser.ts';
import { RunOptionsSchema, type RunOptions } from '../plan/runOptionsSchema.ts';
import { selectScenarios } from './selectScenarios.ts';
import { applyPeerRuntimes } from './applyPeerRuntimes.ts';
import { usedRunDirProblem } from './usedRunDir.ts';
import { formatShard, parseShard } from './parseShard.ts';
import { runHeader } from './runHeader.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** After a second signal, how long Playwright gets before it is killed, ms. */
const FORCE_EXIT_MS = 4_000;

export function runCommand(): Command {
  const command = new Command('run')
    .description('run scenario calls in real Chromium and write a run directory (results.json)')
    .allowExcessArguments(false);
  addSchemaOptions(command, RunOptionsSchema);
  command.addHelpText(
    'after',
    '\nExit codes: 0 every call passed, 1 a check failed, 2 usage or configuration error, 3 a threshold was breached,\n4 a regression against --compare-to, 130 interrupted.',
  );
  command.action(async (raw: Record<string, unknown>) => {
    process.exitCode = await run(raw);
  });
  return command;
}

/** `2025-01-02T03-04-05Z-1a2b`: UTC start time and 16 random bits (also the history's file name). */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  return `${stamp}-${randomInt(0, 0xffff).toString(16).padStart(4, '0')}`;
}

async function plan(raw: Record<string, unknown>): Promise<RunPlan> {
  const parsed = parseSchemaOptions<RunOptions>(RunOptionsSchema, raw);
  const shard = typeof raw.shard === 'string' ? parseShard(raw.shard) : undefined;
  const optionErrors = [...('errors' in parsed ? parsed.errors : []), ...(shard && 'error' in shard ? [shard.error] : [])];
  if (shard && raw.compareTo !== undefined) optionErrors.push('--compare-to compares a whole run, not a shard: merge the shards (callsoak merge), then compare the merged run');
  if ('errors' in parsed || optionErrors.length > 0) throw new UsageError(optionErrors.join('\n'));
  const options = parsed.value;
  const { scenarios: all, errors } = await loadScenarios(options.scenariosDir ? resolve(options.scenariosDir) : SCENARIOS_DIR);
  if (errors.length > 0) throw new UsageError(`invalid scenario files:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  const scenarios = applyPeerRuntimes(selectScenarios(all, options.scenario, options.suite), {
    ...(options.business ? { business: options.business } : {}),
    ...(options.consumer ? { consumer: options.consumer } : {}),
  });
  if (options.transform !== 'spec' && options.transform !== 'documented' && !existsSync(resolve(options.transform))) {
    throw new UsageError(`--transform: ${options.transform} is neither spec, documented nor an existing module file`);
  }
  if (options.submitter && !existsSync(resolve(options.submitter))) {
    throw new UsageError(`--submitter: ${options.submitter} is not an existing module file`);
  }
  if (options.endpoint && !options.accessToken) throw new UsageError('--endpoint needs --access-token');
  const compareProblems = compareToProblems(options.compareTo, options.baselineRuns, resolve(options.history ?? defaultHistoryDir()));
  if (compareProblems.length > 0) throw new UsageError(compareProblems.join('\n'));
  const thresholds = options.thresholds ? loadThresholdsFile(options.thresholds).raw : undefined;
  const now = new Date();
  const runId = newRunId(now);
  const runDir = resolve(options.out ?? join('reports', runId));
  const used = usedRunDirProblem(options.out, runDir);
  if (used) throw new UsageError(used);
  const browser = resolveBrowser(options.browserPath, log);
  const media = ensureSpeechWav();
  return {
    runId,
    runDir,
    seed: options.seed ?? randomInt(0, 2 ** 31),
    options,
    scenarios,
    browser,
    media,
    harnessVersion: HARNESS_VERSION,
    startedAt: now.toISOString(),
    ...(thresholds ? { thresholds } : {}),
    ...(shard && 'shard' in shard ? { shard: shard.shard } : {}),
  };
}

export async function run(raw: Record<string, unknown>): Promise<ExitCode> {
  let runPlan: RunPlan;
  try {
    runPlan = await plan(raw);
  } catch (error) {
    if (error instanceof UsageError) {
      log(`callsoak run: ${error.message}`);
      return error.code;
    }
    throw error;
  }
  mkdirSync(runPlan.runDir, { recursive: true });
  // Recorded as started before any call: a run that never finishes shows up as interrupted.
  // A shard is not a run of its own: the history records the merged run (callsoak merge).
  const historyDir = runPlan.options.history ? resolve(runPlan.options.history) : defaultHistoryDir();
  if (!runPlan.shard) beginRun(historyDir, { id: runPlan.runId, startedAt: runPlan.startedAt, kind: 'run' });
  const planPath = join(runPlan.runDir, 'plan.json');
  writeFileSync(planPath, `${JSON.stringify(runPlan, null, 2)}\n`);
  log(runHeader(runPlan));
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const args = [cli, 'test', '-c', join(PACKAGE_ROOT, 'playwright.config.ts')];
  if (runPlan.options.repeat > 1) args.push('--repeat-each', String(runPlan.options.repeat));
  if (runPlan.shard) args.push('--shard', formatShard(runPlan.shard));
  // Its own process group: a terminal's Ctrl-C reaches only us, and we pass it on once, so
  // Playwright ends the calls in progress and its reporter writes a run marked interrupted.
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: { ...process.env, [PLAN_ENV]: planPath },
    stdio: 'inherit',
    detached: true,
  });
  let signals = 0;
  const forward = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      log(`callsoak run: ${signal}: ending the calls in progress and writing the report (again to force)`);
      child.kill('SIGINT');
    } else {
      log(`callsoak run: ${signal} again: stopping now`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), FORCE_EXIT_MS).unref();
    }
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  const resultsPath = join(runPlan.runDir, RESULTS_FILE);
  if (!existsSync(resultsPath)) {
    log(`callsoak run: Playwright Test exited with ${code} before writing ${resultsPath}`);
    return signals > 0 ? EXIT.interrupted : EXIT.checkFailed;
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as RunResults;
  const thresholdsPath = join(runPlan.runDir, REPORT_FILES.thresholds);
  const thresholds = existsSync(thresholdsPath) ? (JSON.parse(readFileSync(thresholdsPath, 'utf8')) as ThresholdResult[]) : [];
  for (const t of thresholds.filter((x) => !x.ok)) log(`threshold ${t.message}`);
  const { summary } = results;
  log(`${summary.passed}/${summary.calls} calls passed · ${displayPath(join(runPlan.runDir, REPORT_FILES.html))}`);
  const verdict = runExitCode(results, thresholds);
  const { compareTo, baselineRuns } = runPlan.options;
  const regression = runPlan.shard ? false : recordAndCompare({ historyDir, runDir: runPlan.runDir, results, compareTo, baselineRuns, log });
  return verdict === EXIT.ok && regression ? EXIT.regression : verdict;
}
