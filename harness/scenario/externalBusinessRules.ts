/**
 * Which scenarios can run against a team's own integration (`--business external`), and why a
 * scenario cannot (pure). callsoak causes what the platform, the consumer and the network can
 * cause; what only the business can do comes from the team's driver. A scenario needing a
 * business action the driver lacks, or something callsoak can only do to its own agent, is
 * skipped with the reason — not failed.
 */
import type { DriverFunction } from '../external/businessDriver.ts';
import type { LoadedScenario } from './loadScenarios.ts';

/** what callsoak knows of the integration before the run */
export interface ExternalBusinessAbilities {
  /** the functions its driver exports */
  driverFunctions: readonly DriverFunction[];
}

/** PeerSpec fields that set the network of the business's legs: they apply to any business */
const NETWORK_FIELDS = new Set(['network']);

/** The reason `scenario` is skipped against an external business, or undefined when it can run. */
export function externalSkipReason(scenario: LoadedScenario, abilities: ExternalBusinessAbilities): string | undefined {
  const has = (name: DriverFunction) => abilities.driverFunctions.includes(name);
  const needs = (name: DriverFunction, call: string, why: string) => (has(name) ? undefined : `needs the business driver's ${name}(${call}) ${why}, and ${abilities.driverFunctions.length === 0 ? 'no --business-driver was given' : 'the driver has none'}`);
  const agentFields = Object.keys(scenario.peers?.business ?? {}).filter((key) => !NETWORK_FIELDS.has(key));
  if (agentFields.length > 0) return `sets peers.business.${agentFields.join(', peers.business.')}, which configure callsoak's own business agent, not yours`;
  for (const step of scenario.timeline as { do: string; by?: string; role?: string }[]) {
    const reason = (() => {
      switch (step.do) {
        case 'decline':
          return needs('decline', 'call', 'to turn the ringing call down');
        case 'ignore':
          // without a way to answer, the integration answers by itself, and cannot be made to let a call ring out
          return has('answer') ? undefined : 'needs an integration that leaves a call ringing until told to answer (a driver with answer(call)); without one, it answers by itself';
        case 'business-call':
          return needs('placeCall', 'consumer', 'to call the consumer');
        case 'hangup':
          return step.by === 'business' ? needs('hangUp', 'call', 'to end the call from the business side') : undefined;
        case 'mute':
        case 'unmute':
          return step.by === 'business' ? needs(step.do, 'call', `to ${step.do} the business's microphone`) : undefined;
        case 'deny':
        case 'crash':
        case 'close':
        case 'navigate':
          return step.role === 'business' ? `'${step.do}' on the business acts on callsoak's own agent page; callsoak cannot do it to your integration` : undefined;
        default:
          return undefined;
      }
    })();
    if (reason) return `${step.do}${step.by ? ` by ${step.by}` : step.role ? ` ${step.role}` : ''}: ${reason}`;
  }
  return undefined;
}
