/**
 * `callsoak run`: resolve the plan (scenarios, browser, media, seed), run the calls through
 * Playwright Test, and exit with the run's verdict (node side).
 */
import { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { ensureSpeechWav } from './speechWav.ts';
import { loadScenarios } from '../scenario/loadScenarios.ts';
import type { RunPlan } from '../plan/runPlan.ts';
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
import { HARNESS_VERSION, SCENARIOS_DIR } from './packageFiles.ts';
import { resolveBrowser } from './resolveBrowser.ts';
import { RunOptionsSchema, type RunOptions } from '../plan/runOptionsSchema.ts';
import { selectScenarios } from './selectScenarios.ts';
import { applyPeerRuntimes } from './applyPeerRuntimes.ts';
import { usedRunDirProblem } from './usedRunDir.ts';
import { runDirProblem, writePlanFile } from './prepareRunDir.ts';
import { RUN_FILES } from '../plan/runFiles.ts';
import { writeFailure, writeFileAtomic, WriteFailure } from '../results/runDirWrites.ts';
import { pointLatest, resultsWrittenSince, writeResults } from '../results/writeResults.ts';
import { writeRunReports } from '../report/writeRunReports.ts';
import { runResultsFromDisk } from './runResultsFromDisk.ts';
import { firstWriteFailure, startPlaywright, writeFailureLine } from './playwrightRunner.ts';
import { markUnwritten } from '../history/historyStore.ts';
import { formatShard, parseShard } from './parseShard.ts';
import { runHeader } from './runHeader.ts';
import { externalBusinessOptions } from './externalBusinessOptions.ts';
import { withExternalBusiness } from './withExternalBusiness.ts';
import type { ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);


export function runCommand(): Command {
  const command = new Command('run')
    .description('run scenario calls in real Chromium and write a run directory (results.json)')
    .allowExcessArguments(false);
  addSchemaOptions(command, RunOptionsSchema);
  command.addHelpText(
    'after',
    '\nExit codes: 0 every call passed, 1 a check failed, 2 usage or configuration error, 3 a threshold was breached,\n4 a regression against --compare-to, 5 a file of the run could not be written (a full disk), 130 interrupted.',
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

async function plan(raw: Record<string, unknown>): Promise<{ plan: RunPlan; external?: ExternalBusinessConfig }> {
  const parsed = parseSchemaOptions<RunOptions>(RunOptionsSchema, raw);
  const shard = typeof raw.shard === 'string' ? parseShard(raw.shard) : undefined;
  const optionErrors = [...('errors' in parsed ? parsed.errors : []), ...(shard && 'error' in shard ? [shard.error] : [])];
  if (shard && raw.compareTo !== undefined) optionErrors.push('--compare-to compares a whole run, not a shard: merge the shards (callsoak merge), then compare the merged run');
  if ('errors' in parsed || optionErrors.length > 0) throw new UsageError(optionErrors.join('\n'));
  const options = parsed.value;
  const external = await externalBusinessOptions(options);
  if (external) options.workers = 1;
  const { scenarios: all, errors } = await loadScenarios(options.scenariosDir ? resolve(options.scenariosDir) : SCENARIOS_DIR);
  if (errors.length > 0) throw new UsageError(`invalid scenario files:\n${errors.map((e) => `  ${e}`).join('\n')}`);
  const scenarios = applyPeerRuntimes(selectScenarios(all, options.scenario, options.suite), {
    ...(options.business && options.business !== 'external' ? { business: options.business } : {}),
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
  const unusable = runDirProblem(options.out ? '--out' : 'the run directory', runDir, options.out ?? displayPath(runDir));
  if (unusable) throw new UsageError(unusable);
  const browser = resolveBrowser(options.browserPath, log);
  const media = ensureSpeechWav();
  return {
    plan: {
      runId,
      runDir,
      seed: options.seed ?? randomInt(0, 2 ** 31),
      options: external ? { ...options, business: 'external' } : options,
      scenarios,
      browser,
      media,
      harnessVersion: HARNESS_VERSION,
      startedAt: now.toISOString(),
      ...(thresholds ? { thresholds } : {}),
      ...(shard && 'shard' in shard ? { shard: shard.shard } : {}),
    },
    ...(external ? { external } : {}),
  };
}

export async function run(raw: Record<string, unknown>): Promise<ExitCode> {
  return withExternalBusiness('run', () => plan(raw), runPlanned, log);
}

async function runPlanned(runPlan: RunPlan): Promise<ExitCode> {
  // Recorded as started before any call: a run that never finishes shows up as interrupted.
  // A shard is not a run of its own: the history records the merged run (callsoak merge).
  const historyDir = runPlan.options.history ? resolve(runPlan.options.history) : defaultHistoryDir();
  const planPath = writePlanFile('run', runPlan, log);
  if (!planPath) return EXIT.writeFailed;
  if (!runPlan.shard) beginRun(historyDir, { id: runPlan.runId, startedAt: runPlan.startedAt, kind: 'run' });
  log(runHeader(runPlan));
  const args: string[] = [];
  if (runPlan.options.repeat > 1) args.push('--repeat-each', String(runPlan.options.repeat));
  if (runPlan.shard) args.push('--shard', formatShard(runPlan.shard));
  const playwright = startPlaywright({ runId: runPlan.runId, planPath, args });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      log(`callsoak run: ${signal}: ending the calls in progress properly, starting no other, writing the report (${signal} again to stop now)`);
      try {
        writeFileAtomic(join(runPlan.runDir, RUN_FILES.stop), `${JSON.stringify({ signal, atMs: Date.now() })}\n`);
      } catch {
        // no stop file (a full disk): Playwright's own interrupt ends the calls instead
        playwright.signalGroup('SIGINT');
      }
    } else if (signals === 2) {
      log(`callsoak run: ${signal} again: stopping now`);
      playwright.forceStop();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { code, leftovers, messages } = await playwright.finished;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (leftovers > 0) log(`callsoak run: ended ${leftovers} process${leftovers === 1 ? '' : 'es'} the run left behind`);
  let failure = firstWriteFailure(messages);
  const resultsPath = join(runPlan.runDir, RESULTS_FILE);
  const startedAtMs = Date.parse(runPlan.startedAt);
  if (!failure && (signals >= 2 || !resultsWrittenSince(runPlan.runDir, startedAtMs))) {
    // Playwright did not get to write the report (a forced stop, or it died): make it from the run directory.
    if (signals === 0) log(`callsoak run: Playwright Test exited with ${code} before writing ${displayPath(resultsPath)}; the report is made from the run directory`);
    try {
      const results = runResultsFromDisk(runPlan, new Date(), signals > 0 ? 'interrupted' : 'failed');
      writeResults(runPlan.runDir, results);
      writeRunReports(runPlan.runDir, results);
      pointLatest(join(process.cwd(), 'reports'), runPlan.runDir);
    } catch (error) {
      failure = writeFailure(runPlan.runDir, error);
    }
  }
  if (failure) {
    log(writeFailureLine('run', failure, runPlan.runDir, startedAtMs));
    if (!runPlan.shard) {
      try {
        markUnwritten(historyDir, { id: runPlan.runId, reason: failure.message });
      } catch {
        // the history is on the same full disk: its started line shows the run as interrupted
      }
    }
    return EXIT.writeFailed;
  }
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as RunResults;
  const thresholdsPath = join(runPlan.runDir, REPORT_FILES.thresholds);
  const thresholds = existsSync(thresholdsPath) ? (JSON.parse(readFileSync(thresholdsPath, 'utf8')) as ThresholdResult[]) : [];
  for (const t of thresholds.filter((x) => !x.ok)) log(`threshold ${t.message}`);
  const { summary } = results;
  const skipped = `${summary.skipped ? ` · ${summary.skipped} without a verdict (not started or cut off)` : ''}${summary.notApplicable ? ` · ${summary.notApplicable} not applicable (skipped with the reason)` : ''}`;
  log(`${summary.passed}/${summary.calls} calls passed${skipped} · ${displayPath(join(runPlan.runDir, REPORT_FILES.html))}`);
  const { compareTo, baselineRuns } = runPlan.options;
  const regression = runPlan.shard ? false : recordAndCompare({ historyDir, runDir: runPlan.runDir, results, compareTo, baselineRuns, log });
  if (signals > 0) return EXIT.interrupted;
  const verdict = runExitCode(results, thresholds);
  return verdict === EXIT.ok && regression ? EXIT.regression : verdict;
}
