/**
 * The line `callsoak run` prints before its calls start: version, browser, seed, how many calls
 * and where the run directory is. Pure.
 */
import { displayPath } from '../paths/displayPath.ts';
import type { RunPlan } from '../plan/runPlan.ts';
import { formatShard } from './parseShard.ts';

/**
 * The calls of a run: each scenario `--repeat` times. A shard runs part of them; Playwright
 * Test decides which, so its line counts the whole run's calls and names the part.
 */
export function runHeader(plan: RunPlan): string {
  const { browser } = plan;
  const calls = plan.scenarios.length * plan.options.repeat;
  const count = `${calls} call${calls === 1 ? '' : 's'}`;
  return (
    `callsoak ${plan.harnessVersion} · ${browser.name} ${browser.version} (${browser.source}: ${browser.executablePath}) · ` +
    `seed ${plan.seed} · ${plan.shard ? `${count} in all · shard ${formatShard(plan.shard)}` : count} · run dir ${displayPath(plan.runDir)}`
  );
}
