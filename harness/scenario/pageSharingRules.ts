/**
 * Which sides of a scenario may share a page with other participants (node side, pure). A soak
 * shares pages to hold more calls (engine/sharedAgentPages.ts); a side whose scenario acts on
 * its whole page or browser context — crashes, closes or navigates it, takes a permission
 * away, or starts with a device denied — gets a page of its own, so it never takes other
 * calls down with it and its permissions stay its own.
 */
import type { Role } from '../signaling/signalTypes.ts';
import type { Scenario } from './scenarioSchema.ts';

/** timeline steps that act on a side's whole page or context */
const PAGE_STEPS = new Set(['crash', 'close', 'navigate', 'deny']);

/** @returns why `role` needs a page of its own, or undefined when it may share one */
export function ownPageReason(scenario: Pick<Scenario, 'peers' | 'timeline'>, role: Role): string | undefined {
  const spec = scenario.peers?.[role];
  for (const device of ['microphone', 'camera'] as const) {
    if (spec?.[device] === 'denied') return `peers.${role}.${device} is 'denied'`;
  }
  const index = scenario.timeline.findIndex((step) => PAGE_STEPS.has(step.do) && (step as { role?: string }).role === role);
  return index < 0 ? undefined : `timeline[${index}] '${scenario.timeline[index]!.do}' acts on the ${role}'s page`;
}
