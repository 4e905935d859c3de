/**
 * What a Node peer cannot do, checked before a call starts (node side). A Node peer on
 * libwebrtc has no permission model, no camera and no page: a scenario that needs one of those
 * on a Node side is refused with the field that needs it, rather than run and reported as if
 * the step had happened.
 */
import type { PeerRuntime } from '../agent/agentPlatform.ts';
import type { Role } from '../signaling/signalTypes.ts';
import type { Scenario } from './scenarioSchema.ts';

/** The runtime of each side: the scenario's own choice, or chromium. */
export function runtimesOf(scenario: Pick<Scenario, 'business' | 'consumer'>): Record<Role, PeerRuntime> {
  return { consumer: scenario.consumer ?? 'chromium', business: scenario.business ?? 'chromium' };
}

/** @returns one message per field or step a Node side cannot do (empty when every side can) */
export function runtimeProblems(scenario: Scenario): string[] {
  const runtimes = runtimesOf(scenario);
  const problems: string[] = [];
  for (const role of ['consumer', 'business'] as const) {
    if (runtimes[role] !== 'node') continue;
    const spec = scenario.peers?.[role];
    const needs = `needs ${role}: 'chromium'`;
    for (const device of ['microphone', 'camera'] as const) {
      if (spec?.[device] === 'denied') problems.push(`peers.${role}.${device}: 'denied' ${needs} (a Node peer has no permission model)`);
    }
    if (spec?.video) problems.push(`peers.${role}.video: true ${needs} (a Node peer has no camera)`);
    scenario.timeline.forEach((step, index) => {
      if (step.do === 'dtmf' && role === 'consumer') problems.push(`timeline[${index}]: 'dtmf' ${needs} (@roamhq/wrtc has no RTCDTMFSender)`);
      if ((step.do === 'deny' || step.do === 'navigate') && step.role === role) {
        const why = step.do === 'deny' ? 'a Node peer has no permission model' : 'a Node peer has no page to navigate away from';
        problems.push(`timeline[${index}]: '${step.do}' on the ${role} ${needs} (${why})`);
      }
    });
  }
  return problems;
}
