/**
 * Loads one function from a team's module (`--transform PATH`, `--submitter PATH`), through
 * the platform: the page imports the bundle the page server serves, a Node peer imports the
 * file. A module may export the function by name or on its default export.
 */
import type { AgentPlatform, TeamModule } from './agentPlatform.ts';

export async function loadTeamFunction<F>(platform: AgentPlatform, module: TeamModule, name: string, signature: string): Promise<F | { error: string }> {
  try {
    const mod = (await platform.importTeamModule(module)) as Record<string, unknown> & { default?: Record<string, unknown> };
    const fn = mod[name] ?? mod.default?.[name];
    if (typeof fn !== 'function') return { error: `does not export a function ${name}${signature}` };
    return fn as F;
  } catch (error) {
    return { error: `failed to load: ${(error as Error).message}` };
  }
}
