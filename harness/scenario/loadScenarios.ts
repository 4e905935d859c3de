/**
 * Loads every scenario file in a folder (node side: the CLI, before any browser starts).
 * All files are read and all errors collected before anything fails, each error prefixed
 * with the file's path (relative to the working directory when it is inside it).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { displayPath } from '../paths/displayPath.ts';
import { pathToFileURL } from 'node:url';
import type { Scenario } from './scenarioSchema.ts';
import { validateScenario } from './validateScenario.ts';

export interface LoadedScenario extends Scenario {
  /** the file it came from: relative to the working directory when inside it, else absolute */
  file: string;
}

const SCENARIO_FILE = /\.(ts|js|mjs)$/;

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
      exported = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
    } catch (error) {
      errors.push(`${file}: cannot load: ${(error as Error).message.split('\n')[0]}`);
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
