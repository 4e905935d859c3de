/**
 * A run's results made from its directory alone (the CLI process), for when Playwright's
 * reporter could not write them: a forced stop (a second SIGINT/SIGTERM) kills Playwright. Every
 * planned call is listed: a finished call from its `call.json`, a call that had begun and has
 * none as cut off, the rest as not started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunPlan } from '../plan/runPlan.ts';
import { CALL_FILES, planOrderOf, plannedCallInfo, RUN_FILES, type PlannedCall } from '../plan/runFiles.ts';
import type { CallResult, RunResults } from '../results/resultsTypes.ts';
import { callDirName } from '../results/planOrder.ts';
import { skippedCall } from '../results/skippedCall.ts';
import { summarize } from '../results/writeResults.ts';
import { externalRunFacts } from '../plan/externalRunFacts.ts';

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined; // absent, or cut by the kill
  }
}

/** The calls the run was to make: planned.json (this shard's), or — written before Playwright began — every call of the plan. */
export function plannedCalls(plan: RunPlan): PlannedCall[] {
  const written = readJson<PlannedCall[]>(join(plan.runDir, RUN_FILES.planned));
  if (Array.isArray(written)) return written;
  const order = planOrderOf(plan);
  return plan.scenarios.flatMap((s) =>
    Array.from({ length: plan.options.repeat }, (_, k) => {
      const repetition = plan.options.repetitionOffset + k;
      return { scenario: s.id, repetition, dir: callDirName(order, s.id, repetition) };
    }),
  );
}

/** @param status 'interrupted' after a forced stop; 'failed' when Playwright ended on its own without writing them */
export function runResultsFromDisk(plan: RunPlan, finishedAt: Date, status: 'interrupted' | 'failed'): RunResults<CallResult> {
  const calls = plannedCalls(plan).map((planned) => {
    const dir = join(plan.runDir, planned.dir);
    const finished = readJson<CallResult>(join(dir, CALL_FILES.result));
    if (finished) return finished;
    return skippedCall(plannedCallInfo(plan, planned), existsSync(join(dir, CALL_FILES.started)) ? 'interrupted' : 'not-started');
  });
  return {
    schemaVersion: 1,
    run: {
      id: plan.runId,
      startedAt: plan.startedAt,
      finishedAt: finishedAt.toISOString(),
      seed: plan.seed,
      status,
      browser: { name: plan.browser.name, version: plan.browser.version },
      harnessVersion: plan.harnessVersion,
      ...(plan.shard ? { shard: plan.shard } : {}),
      ...externalRunFacts(plan),
    },
    calls,
    summary: summarize(calls),
  };
}
