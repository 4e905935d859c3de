/**
 * Loads every scenario file in a folder (node side: the CLI, before any browser starts).
 * All files are read and all errors collected before anything fails, one line per problem,
 * each starting with the file's path (relative to the working directory when it is inside
 * it); a file that does not compile or does not finish loading is one line.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { pathToFileURL } from 'node:url';
import type { Scenario } from './scenarioSchema.ts';
import { validateScenario } from './validateScenario.ts';
import { scenarioLoadError } from './scenarioLoadError.ts';

export interface LoadedScenario extends Scenario {
  /** the file it came from: relative to the working directory when inside it, else absolute */
  file: string;
}

const SCENARIO_FILE = /\.(ts|js|mjs)$/;

/**
 * How long one scenario file may take to import and evaluate, ms (default 10 s). A scenario
 * only defines data and loads in milliseconds; one still loading after this is waiting on a
 * top-level `await` that may never settle. Without a bound the CLI would wait forever, or,
 * when nothing else keeps Node alive, exit 13 without a word. Each file gets its own bound.
 */
export const SCENARIO_LOAD_TIMEOUT_MS = 10_000;

/** Imports `url`, or gives up after SCENARIO_LOAD_TIMEOUT_MS (the import itself cannot be cancelled). */
async function importWithinBound(url: string): Promise<{ module: { default?: unknown } } | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  // a referenced timer: it is what keeps Node alive while the import waits on nothing
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), SCENARIO_LOAD_TIMEOUT_MS)));
  try {
    return await Promise.race([import(url).then((module: { default?: unknown }) => ({ module })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function loadScenarios(dir: string): Promise<{ scenarios: LoadedScenario[]; errors: string[] }> {
  const scenarios: LoadedScenario[] = [];
  const errors: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => SCENARIO_FILE.test(n) && !n.endsWith('.d.ts')).sort();
  } catch (error) {
    return { scenarios, errors: [`${dir}: cannot read the scenarios folder: ${(error as Error).message}`] };
  }
  for (const name of names) {
    const path = join(dir, name);
    const file = displayPath(path);
    let exported: unknown;
    try {
      const loaded = await importWithinBound(pathToFileURL(path).href);
      if (loaded === 'timeout') {
        errors.push(`${file}: cannot load: not loaded after ${SCENARIO_LOAD_TIMEOUT_MS / 1000} s (a top-level await that never settles?)`);
        continue;
      }
      exported = loaded.module.default;
    } catch (error) {
      errors.push(scenarioLoadError(path, error));
      continue;
    }
    if (exported === undefined) {
      errors.push(`${file}: no default export (write \`export default defineScenario({...})\`)`);
      continue;
    }
    const result = validateScenario(exported);
    if ('errors' in result) errors.push(...result.errors.map((e) => `${file}: ${e}`));
    else scenarios.push({ ...result.scenario, file });
  }
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const first = seen.get(s.id);
    if (first) errors.push(`${s.file}: id '${s.id}' is already used by ${first}`);
    else seen.set(s.id, s.file);
  }
  return { scenarios, errors };
}

/** Suites are tags; `all` is every scenario. */
export function suiteNames(scenarios: Scenario[]): string[] {
  return [...new Set(scenarios.flatMap((s) => s.tags))].sort();
}
