/**
 * The files of a run directory that the CLI, Playwright's runner and its workers hand each
 * other, besides plan.json and results.json, and what they derive from the plan.
 */
import type { RunPlan } from './runPlan.ts';
import type { PlanOrder } from '../results/planOrder.ts';
import type { PlannedCallInfo } from '../results/skippedCall.ts';
import { DEFAULT_TALK_SECONDS } from '../scenario/scenarioSchema.ts';

export const RUN_FILES = {
  /** written by the CLI on the first SIGINT/SIGTERM of `run`: {signal, atMs}; calls in progress end early and properly, the others do not start */
  stop: 'stop.json',
  /** written by the reporter when Playwright begins: the calls this run (or shard) will run, in plan order */
  planned: 'planned.json',
} as const;

/** The files in a call's own directory (`calls/NNN-scenario/`). */
export const CALL_FILES = {
  /** written by the reporter when the call's test begins: a call with it and without `result` was cut off */
  started: 'started.json',
  /** the call in full once it ended, as results.json lists it: a forced stop's report is made from these */
  result: 'call.json',
} as const;

/** One call of planned.json. */
export interface PlannedCall {
  /** scenario id */
  scenario: string;
  /** --repetition-offset + the 0-based --repeat index */
  repetition: number;
  /** the call's directory, relative to the run directory */
  dir: string;
}

/** The order a run lists its calls in, from its plan. */
export function planOrderOf(plan: RunPlan): PlanOrder {
  return { scenarioIds: plan.scenarios.map((s) => s.id), repeat: plan.options.repeat, repetitionOffset: plan.options.repetitionOffset };
}

/** What a planned call's entry says before the call has run: its scenario's expected reason and talk time. */
export function plannedCallInfo(plan: RunPlan, call: PlannedCall): PlannedCallInfo {
  const scenario = plan.scenarios.find((s) => s.id === call.scenario);
  return {
    ...call,
    expectedEndCallReason: scenario?.expectedEndCallReason ?? '',
    talkSeconds: plan.options.talkSeconds ?? scenario?.talkSeconds ?? DEFAULT_TALK_SECONDS,
  };
}
