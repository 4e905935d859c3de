/**
 * Picks the scenarios a run asked for, or explains what exists (node side).
 */
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import { suiteNames } from '../scenario/loadScenarios.ts';
import { UsageError } from '../exit/exitCodes.ts';

/** The suite a bare `callsoak run` runs. */
export const DEFAULT_SUITE = 'smoke';

export function selectScenarios(all: LoadedScenario[], ids: string[] | undefined, suite: string | undefined): LoadedScenario[] {
  if (ids && ids.length > 0) {
    const unknown = ids.filter((id) => !all.some((s) => s.id === id));
    if (unknown.length > 0) {
      throw new UsageError(
        `unknown scenario${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\n` +
          `scenarios that exist:\n${all.map((s) => `  ${s.id.padEnd(32)} ${s.title}`).join('\n')}`,
      );
    }
    const picked = all.filter((s) => ids.includes(s.id));
    return suite ? picked.filter((s) => s.tags.includes(suite)) : picked;
  }
  const name = suite ?? DEFAULT_SUITE;
  if (name === 'all') return all;
  const picked = all.filter((s) => s.tags.includes(name));
  if (picked.length === 0) {
    throw new UsageError(`unknown suite: ${name}\nsuites that exist: ${['all', ...suiteNames(all)].join(', ')}`);
  }
  return picked;
}
