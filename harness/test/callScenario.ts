/**
 * The scenario one `callsoak.placeCall()` runs (pure): the consumer calls, the business rings
 * and answers, both talk until the test hangs up (or `maxTalkSeconds`), then the consumer hangs
 * up — so the business should report Hangup_Call, as in the bundled `hangup-call` scenario.
 */
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import type { Step } from '../scenario/scenarioSchema.ts';
import { validateScenario } from '../scenario/validateScenario.ts';
import { DEFAULT_MAX_TALK_SECONDS, type PlaceCallOptions } from './placeCallOptions.ts';

/** the timeline step after which the call counts as connected (the business's first audio arrived) */
export const CONNECTED_AFTER: Step = { do: 'answer' };

/**
 * @param name the call's kebab-case name
 * @param file the test file, for the result's scenario file
 */
export function callScenario(options: PlaceCallOptions, name: string, file: string): LoadedScenario {
  const peers = {
    ...(options.network !== undefined ? { consumer: { network: options.network } } : {}),
    ...(options.businessNetwork !== undefined ? { business: { network: options.businessNetwork } } : {}),
  };
  const scenario = {
    id: name,
    title: `callsoak.placeCall() ${name}`,
    tags: [],
    expectedEndCallReason: 'Hangup_Call' as const,
    talkSeconds: options.maxTalkSeconds ?? DEFAULT_MAX_TALK_SECONDS,
    ...(Object.keys(peers).length > 0 ? { peers } : {}),
    timeline: [{ do: 'call' }, { do: 'ring' }, CONNECTED_AFTER, { do: 'talk' }, { do: 'hangup', by: 'consumer' }] as Step[],
  };
  // the options were validated already: a problem here is callsoak's own
  const checked = validateScenario(scenario);
  if ('errors' in checked) throw new Error(`callsoak: the call's scenario is invalid: ${checked.errors.join('; ')}`);
  return { ...checked.scenario, file };
}

/** A kebab-case call name from a test title: `'4g call, impaired'` → `4g-call-impaired`. */
export function callNameOf(testTitle: string, nth: number): string {
  const slug = testTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 70).replace(/-+$/, '');
  return `${slug || 'call'}-${nth}`;
}
