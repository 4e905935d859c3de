/**
 * A soak run's results.json from what its run directory holds (node side): the finished calls
 * the slots wrote (summarized above 50, soakCallFiles.ts), the resource series and memory
 * checks the monitor kept, the relay and endpoint series folded from the workers' files. The reporter calls it when the soak ends;
 * the CLI calls it itself when a second signal cut Playwright short, so either way the
 * report is complete and readable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResults } from '../results/resultsTypes.ts';
import type { SoakResults } from '../results/soakTypes.ts';
import { runStatus, summarize } from '../results/writeResults.ts';
import type { RunPlan } from '../plan/runPlan.ts';
import { SOAK_FILES } from '../plan/soakPlan.ts';
import { externalRunFacts } from '../plan/externalRunFacts.ts';
import { BucketSeriesGroup } from './bucketSeriesGroup.ts';
import { readSoakCalls } from './soakCallFiles.ts';
import type { SoakResources } from './soakMonitor.ts';
import { foldSoakTelemetry } from './soakTelemetry.ts';

/** The stop file's content: which signal asked the soak to stop, when. */
export interface SoakStop {
  signal: string;
  atMs: number;
}

export function readSoakStop(runDir: string): SoakStop | undefined {
  const path = join(runDir, SOAK_FILES.stop);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SoakStop;
  } catch {
    return { signal: 'SIGINT', atMs: Date.now() };
  }
}

export function soakRunResults(plan: RunPlan, input: { resources: SoakResources | undefined; forced: boolean; finishedAtMs: number }): RunResults {
  const soak = plan.soak!;
  const stop = readSoakStop(plan.runDir);
  const calls = readSoakCalls(plan.runDir);
  const group = new BucketSeriesGroup({ originMs: soak.startedAtMs, initialBucketMs: 5000 });
  const { memorySettings } = foldSoakTelemetry(plan.runDir, group);
  const series = { ...(input.resources?.series ?? {}), ...group.toJSON() } as SoakResults['series'];
  const soakResults: SoakResults = {
    durationS: soak.durationS,
    elapsedS: Math.round((Math.min(input.finishedAtMs, stop?.atMs ?? Infinity) - soak.startedAtMs) / 100) / 10,
    concurrentCalls: soak.calls,
    ...(soak.churnS !== undefined ? { churnS: soak.churnS } : {}),
    cycle: soak.cycle,
    ...(soak.rotation ? { rotation: soak.rotation } : {}),
    workers: soak.workers,
    pages: soak.pages,
    workerMemorySettings: memorySettings,
    // A forced stop cuts every slot's call in progress: started, never finished.
    callsStarted: calls.length + (input.forced ? soak.calls : 0),
    callsFinished: calls.length,
    ...(stop ? { stop: { signal: stop.signal, atS: Math.round((stop.atMs - soak.startedAtMs) / 100) / 10, forced: input.forced } } : {}),
    checks: input.resources?.checks ?? [],
    series,
  };
  const interrupted = stop !== undefined;
  const status = runStatus(calls, interrupted, false, soakResults);
  return {
    schemaVersion: 1,
    run: {
      id: plan.runId,
      startedAt: plan.startedAt,
      finishedAt: new Date(input.finishedAtMs).toISOString(),
      seed: plan.seed,
      status,
      browser: { name: plan.browser.name, version: plan.browser.version },
      harnessVersion: plan.harnessVersion,
      ...externalRunFacts(plan),
    },
    calls,
    summary: summarize(calls),
    soak: soakResults,
  };
}
