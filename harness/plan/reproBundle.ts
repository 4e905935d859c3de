/**
 * The repro bundle written into each call's directory: everything that decides what a call
 * does, so `callsoak repro BUNDLE` runs the same call again and a colleague can see what
 * differs when it does not reproduce (node side).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunPlan } from './runPlan.ts';
import type { CallResult } from '../results/resultsTypes.ts';
import type { LoadedScenario } from '../scenario/loadScenarios.ts';

export const REPRO_FILE = 'repro.json';

export interface ModuleIdentity {
  /** 'spec' | 'documented' | 'default', or the module's path as given */
  name: string;
  /** SHA-256 of the module file; null for built-ins */
  sha256: string | null;
}

export interface ReproBundle {
  bundleVersion: 1;
  harnessVersion: string;
  /** the scenario exactly as it ran (its file may have changed since) */
  scenario: Omit<LoadedScenario, 'file'> & { file?: string };
  seed: number;
  /** which repetition this call was (--repeat); the relay's streams derive from it */
  repetition: number;
  /** --talk-seconds, when the run overrode the scenario's */
  talkSeconds?: number;
  sampleIntervalMs: number;
  /** what the timeline impaired when (seconds since the call started) */
  impairments: CallResult['impairments'];
  browser: { name: string; version: string };
  transform: ModuleIdentity;
  submitter: ModuleIdentity;
  /** the fake microphone's SHA-256 */
  mediaSha256: string;
  /** the call this bundle describes */
  callId: string;
  runId: string;
}

function identify(name: string | undefined, builtins: string[], fallback: string): ModuleIdentity {
  if (!name || builtins.includes(name)) return { name: name ?? fallback, sha256: null };
  const path = resolve(name);
  return { name, sha256: existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null };
}

export function reproBundle(plan: RunPlan, call: CallResult, repetition: number): ReproBundle {
  const scenario = plan.scenarios.find((s) => s.id === call.scenario);
  return {
    bundleVersion: 1,
    harnessVersion: plan.harnessVersion,
    scenario: scenario ?? ({ id: call.scenario } as ReproBundle['scenario']),
    seed: plan.seed,
    repetition,
    ...(plan.options.talkSeconds !== undefined ? { talkSeconds: plan.options.talkSeconds } : {}),
    sampleIntervalMs: plan.options.sampleIntervalMs,
    impairments: call.impairments ?? [],
    browser: { name: plan.browser.name, version: plan.browser.version },
    transform: identify(plan.options.transform, ['spec', 'documented'], 'spec'),
    submitter: identify(plan.options.submitter, [], 'default'),
    mediaSha256: plan.media.sha256,
    callId: call.callId,
    runId: plan.runId,
  };
}
