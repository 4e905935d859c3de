/**
 * `callsoak soak`: holds N concurrent calls for a duration through the same engine as `run`
 * (Playwright workers, real peers, the embedded relay and endpoint), with churn and network
 * profile rotation, and writes a run directory whose report charts the resources.
 *
 * Interrupting: the first SIGINT/SIGTERM writes the stop file; every call slot ends its call
 * the way the scenario does (final snapshot, payload, submission) and starts no other; the
 * report is marked interrupted; exit 130. A second signal forces: Playwright's process group
 * is stopped (killed after playwrightRunner's FORCE_EXIT_MS), and the CLI writes the report itself from what the
 * run directory holds — still complete and readable, still 130.
 */
import { externalBusinessOptions } from './externalBusinessOptions.ts';
import { withExternalBusiness } from './withExternalBusiness.ts';
import type { ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
import { Command } from 'commander';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { ensureSpeechWav } from './speechWav.ts';
import { loadScenarios } from '../scenario/loadScenarios.ts';
import type { RunPlan } from '../plan/runPlan.ts';
import { SOAK_FILES, SOAK_SAMPLE_WINDOW } from '../plan/soakPlan.ts';
import { SOAK_RUNNER_ENV } from '../soak/soakWorkerMemory.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import { pointLatest, RESULTS_FILE, resultsWrittenSince, writeResults } from '../results/writeResults.ts';
import { REPORT_FILES, writeRunReports } from '../report/writeRunReports.ts';
import { PROFILE_NAMES } from '../relay/profiles.ts';
import { parseDuration } from '../schema/parseDuration.ts';
import type { SoakResources } from '../soak/soakMonitor.ts';
import { soakRunResults } from '../soak/soakRunResults.ts';
import { EXIT, UsageError, type ExitCode } from '../exit/exitCodes.ts';
import { addSchemaOptions, parseSchemaOptions } from './optionsFromSchema.ts';
import { HARNESS_VERSION, SCENARIOS_DIR } from './packageFiles.ts';
import { resolveBrowser } from './resolveBrowser.ts';
import { SoakOptionsSchema, type SoakOptions } from '../plan/soakOptionsSchema.ts';
import { applyPeerRuntimes } from './applyPeerRuntimes.ts';
import { usedRunDirProblem } from './usedRunDir.ts';
import { runDirProblem, writePlanFile } from './prepareRunDir.ts';
import { writeFailure, writeFileAtomic, WriteFailure } from '../results/runDirWrites.ts';
import { firstWriteFailure, startPlaywright, writeFailureLine } from './playwrightRunner.ts';
import { compareToProblems, recordAndCompare } from './recordAndCompare.ts';
import { beginRun, defaultHistoryDir, markUnwritten } from '../history/historyStore.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

export function soakCommand(): Command {
  const command = new Command('soak')
    .description('hold concurrent calls for a duration (churn, profile rotation), track resources and leaks, write a run directory')
    .allowExcessArguments(false);
  addSchemaOptions(command, SoakOptionsSchema);
  command.addHelpText(
    'after',
    '\nExample: callsoak soak --duration 2h --calls 20 --churn 5m --cycle hangup-call ignore-call --profiles wifi 4g\n' +
      'Ctrl-C once: every call ends properly and the report is written (exit 130); twice: stop now.\n' +
      'Exit codes: 0 every call and soak check passed, 1 a check failed, 2 usage error, 4 a regression against --compare-to, 5 a file of the run could not be written (a full disk), 130 interrupted.',
  );
  command.action(async (raw: Record<string, unknown>) => {
    process.exitCode = await soak(raw);
  });
  return command;
}

async function plan(raw: Record<string, unknown>): Promise<{ plan: RunPlan; external?: ExternalBusinessConfig }> {
  const parsed = parseSchemaOptions<SoakOptions>(SoakOptionsSchema, raw);
  if ('errors' in parsed) throw new UsageError(parsed.errors.join('\n'));
  const options = parsed.value;
  const external = await externalBusinessOptions(options);
  if (external) options.workers = 1;
  const errors: string[] = [];
  const durationS = parseDuration(options.duration) ?? 0;
  if (durationS < 30) errors.push(`--duration must be at least 30s, got ${options.duration}`);
  const churnS = options.churn === undefined ? undefined : parseDuration(options.churn);
  if (churnS !== undefined && churnS < 10) errors.push(`--churn must be at least 10s, got ${options.churn}`);
  const rotateS = parseDuration(options.rotateEvery) ?? 0;
  if (options.profiles && rotateS < 10) errors.push(`--rotate-every must be at least 10s, got ${options.rotateEvery}`);
  for (const profile of options.profiles ?? []) {
    if (!PROFILE_NAMES.includes(profile)) errors.push(`--profiles: unknown network profile '${profile}' (known: ${PROFILE_NAMES.join(', ')})`);
  }
  const { scenarios: all, errors: fileErrors } = await loadScenarios(options.scenariosDir ? resolve(options.scenariosDir) : SCENARIOS_DIR);
  if (fileErrors.length > 0) errors.push(`invalid scenario files:\n${fileErrors.map((e) => `  ${e}`).join('\n')}`);
  const unknown = options.cycle.filter((id) => !all.some((s) => s.id === id));
  if (unknown.length > 0) errors.push(`--cycle: unknown scenario${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see \`callsoak list\`)`);
  const used = options.out === undefined ? undefined : usedRunDirProblem(options.out, resolve(options.out));
  if (used) errors.push(used);
  else if (options.out !== undefined) {
    const unusable = runDirProblem('--out', resolve(options.out), options.out);
    if (unusable) errors.push(unusable);
  }
  errors.push(...compareToProblems(options.compareTo, options.baselineRuns, resolve(options.history ?? defaultHistoryDir())));
  if (errors.length > 0) throw new UsageError(errors.join('\n'));
  const cycle = applyPeerRuntimes(
    all.filter((s) => options.cycle.includes(s.id)),
    { ...(options.business && options.business !== 'external' ? { business: options.business } : {}), ...(options.consumer ? { consumer: options.consumer } : {}) },
  );
  const browser = resolveBrowser(options.browserPath, log);
  const now = new Date();
  const runId = `${now.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z')}-soak-${randomInt(0, 0xffff).toString(16).padStart(4, '0')}`;
  const workers = options.workers ?? Math.min(options.calls, 2);
  const runPlan: RunPlan = {
    runId,
    runDir: resolve(options.out ?? join('reports', runId)),
    seed: options.seed ?? randomInt(0, 2 ** 31),
    options: {
      transform: 'spec',
      ...(options.history !== undefined ? { history: options.history } : {}),
      ...(options.compareTo !== undefined ? { compareTo: options.compareTo } : {}),
      baselineRuns: options.baselineRuns,
      repeat: 1,
      repetitionOffset: 0,
      sampleIntervalMs: options.sampleIntervalMs,
      workers,
      businessReadyTimeout: options.businessReadyTimeout,
    },
    scenarios: cycle,
    browser,
    media: ensureSpeechWav(),
    harnessVersion: HARNESS_VERSION,
    startedAt: now.toISOString(),
    soak: {
      durationS,
      calls: options.calls,
      workers: Math.min(workers, options.calls),
      ...(churnS !== undefined ? { churnS } : {}),
      cycle: options.cycle,
      ...(options.profiles ? { rotation: { profiles: options.profiles, everyS: rotateS } } : {}),
      pages: options.pages,
      sampleWindow: SOAK_SAMPLE_WINDOW,
      maxMemorySlopeMbPerH: options.maxMemorySlope,
      startedAtMs: now.getTime(),
    },
  };
  if (external) runPlan.options.business = 'external';
  return { plan: runPlan, ...(external ? { external } : {}) };
}

export async function soak(raw: Record<string, unknown>): Promise<ExitCode> {
  return withExternalBusiness('soak', () => plan(raw), soakPlanned, log);
}

async function soakPlanned(runPlan: RunPlan): Promise<ExitCode> {
  const { runDir } = runPlan;
  const soakPlan = runPlan.soak!;
  const unusable = runDirProblem('the run directory', runDir, displayPath(runDir));
  if (unusable) {
    log(`callsoak soak: ${unusable}`);
    return EXIT.usage;
  }
  // Recorded as started before any call: a soak that never finishes shows up as interrupted.
  const historyDir = runPlan.options.history ? resolve(runPlan.options.history) : defaultHistoryDir();
  beginRun(historyDir, { id: runPlan.runId, startedAt: runPlan.startedAt, kind: 'soak' });
  const planPath = writePlanFile('soak', runPlan, log);
  if (!planPath) return EXIT.writeFailed;
  log(
    `callsoak ${runPlan.harnessVersion} soak · ${runPlan.browser.name} ${runPlan.browser.version} · seed ${runPlan.seed} · ` +
      `${soakPlan.calls} calls for ${runPlan.soak!.durationS} s over ${soakPlan.workers} worker${soakPlan.workers === 1 ? '' : 's'} · run dir ${displayPath(runDir)}`,
  );
  const playwright = startPlaywright({ runId: runPlan.runId, planPath, env: SOAK_RUNNER_ENV });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) {
      log(`callsoak soak: ${signal}: ending every call properly and writing the report (${signal} again to stop now)`);
      try {
        writeFileAtomic(join(runDir, SOAK_FILES.stop), JSON.stringify({ signal, atMs: Date.now() }));
      } catch {
        // no stop file (a full disk): stop now instead
        playwright.forceStop();
      }
    } else if (signals === 2) {
      log(`callsoak soak: ${signal} again: stopping now`);
      playwright.forceStop();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { leftovers, messages } = await playwright.finished;
  if (leftovers > 0) log(`callsoak soak: ended ${leftovers} process${leftovers === 1 ? '' : 'es'} the run left behind`);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  let failure = firstWriteFailure(messages);
  const forced = signals >= 2 || !resultsWrittenSince(runDir, soakPlan.startedAtMs);
  if (forced && !failure) {
    // Playwright did not get to write the report: write it from the run directory.
    try {
      const resources = readResources(runDir);
      const results = soakRunResults(runPlan, { resources, forced: true, finishedAtMs: Date.now() });
      writeResults(runDir, results);
      writeRunReports(runDir, results);
      pointLatest(join(process.cwd(), 'reports'), runDir);
    } catch (error) {
      failure = writeFailure(runDir, error);
    }
  }
  if (failure) {
    log(writeFailureLine('soak', failure, runDir, soakPlan.startedAtMs));
    try {
      markUnwritten(historyDir, { id: runPlan.runId, reason: failure.message });
    } catch {
      // the history is on the same full disk: its started line shows the soak as interrupted
    }
    return EXIT.writeFailed;
  }
  const results = JSON.parse(readFileSync(join(runDir, RESULTS_FILE), 'utf8')) as RunResults;
  for (const check of results.soak?.checks ?? []) log(`${check.noVerdict ? 'n/a ' : check.ok ? 'ok  ' : check.severity === 'warning' ? 'warn' : 'FAIL'} ${check.id}: ${check.message}`);
  log(`soak ${results.run.status}: ${results.summary.passed}/${results.summary.calls} calls passed · ${displayPath(join(runDir, REPORT_FILES.html))}`);
  const { compareTo, baselineRuns } = runPlan.options;
  // an interrupted soak is recorded (as interrupted, never a baseline) and not compared
  const regression = recordAndCompare({ historyDir, runDir, results, compareTo, baselineRuns, log });
  if (signals > 0) return EXIT.interrupted;
  if (results.run.status !== 'passed') return EXIT.checkFailed;
  return regression ? EXIT.regression : EXIT.ok;
}

function readResources(runDir: string): SoakResources | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, SOAK_FILES.resources), 'utf8')) as SoakResources;
  } catch {
    return undefined;
  }
}
