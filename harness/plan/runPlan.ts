/**
 * The plan of one run: everything the CLI resolved (options, scenarios, browser, media),
 * written to <run dir>/plan.json and read by the Playwright processes. Also the record of
 * what exactly ran.
 */
import { readFileSync } from 'node:fs';
import type { ChromiumInfo } from '../chromium/findChromium.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';
import type { RunOptions } from './runOptionsSchema.ts';
import type { RunShard } from '../results/resultsTypes.ts';
import type { SoakPlan } from './soakPlan.ts';
import type { ExternalBusinessPlan } from './externalBusinessSchema.ts';

export interface RunPlan {
  runId: string;
  /** absolute path of the run directory */
  runDir: string;
  seed: number;
  options: RunOptions;
  scenarios: LoadedScenario[];
  browser: ChromiumInfo;
  /** the fake microphone WAV and its SHA-256 */
  media: { path: string; sha256: string };
  harnessVersion: string;
  /** ISO 8601 */
  startedAt: string;
  /** thresholds from --thresholds, as written in the file */
  thresholds?: Record<string, string[]>;
  /** present for `callsoak soak`: the calls are held for a duration instead of run once each */
  soak?: SoakPlan;
  /** --shard I/N, parsed: this run directory holds part I of N of the calls; absent for a whole run */
  shard?: RunShard;
  /** `--business external`: the team's own integration, as the CLI started and found it */
  external?: ExternalBusinessPlan;
}

/** The environment variable that carries the plan's path into Playwright's processes. */
export const PLAN_ENV = 'CALLSOAK_PLAN';

export function readPlan(env: NodeJS.ProcessEnv = process.env): RunPlan {
  const path = env[PLAN_ENV];
  if (!path) {
    throw new Error(`${PLAN_ENV} is not set: run scenarios with \`callsoak run\`, which resolves the plan and starts Playwright Test`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}
