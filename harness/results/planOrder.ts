/**
 * The order an unsharded run lists its calls in — plan order (the plan's scenarios), then
 * repetition — and the call directory name that follows from it. Derived from the plan
 * alone, never from when a call finished, so every shard of a run numbers a call as the
 * whole run would: shards' call directories never collide and `merge` keeps their names. Pure.
 */
import type { CallResult } from './resultsTypes.ts';

/** What of a plan the order depends on. */
export interface PlanOrder {
  /** scenario ids in plan order */
  scenarioIds: readonly string[];
  /** --repeat: calls per scenario, ≥ 1 (default 1) */
  repeat: number;
  /** --repetition-offset: the number of each scenario's first repetition (default 0) */
  repetitionOffset: number;
}

/**
 * 1-based position of a call in the unsharded run; scenarios outside the plan come after
 * every planned call (never expected, but never a crash).
 */
export function planPosition(order: PlanOrder, scenario: string, repetition: number): number {
  const index = order.scenarioIds.indexOf(scenario);
  const slot = index < 0 ? order.scenarioIds.length : index;
  return slot * order.repeat + Math.max(0, repetition - order.repetitionOffset) + 1;
}

/** `calls/003-hangup-call`, `calls/007-packet-loss-10-r2`: the call's directory, relative to the run directory. */
export function callDirName(order: PlanOrder, scenario: string, repetition: number): string {
  const position = String(planPosition(order, scenario, repetition)).padStart(3, '0');
  return `calls/${position}-${scenario}${repetition > 0 ? `-r${repetition}` : ''}`;
}

/** The call's repetition; a result without one (written before the field existed) counts as the first. */
export function repetitionOf(call: Pick<CallResult, 'repetition'>, order: PlanOrder): number {
  return call.repetition ?? order.repetitionOffset;
}

/** The calls in plan order, then repetition; a new array, equal calls keep their order. */
export function sortByPlan<T extends Pick<CallResult, 'scenario' | 'repetition'>>(calls: readonly T[], order: PlanOrder): T[] {
  const key = (c: T) => planPosition(order, c.scenario, repetitionOf(c, order));
  return calls
    .map((call, i) => ({ call, i, k: key(call) }))
    .sort((a, b) => a.k - b.k || a.i - b.i)
    .map((x) => x.call);
}
