/**
 * Reads what `callsoak report` re-renders from a run directory (node side): results.json
 * (required), the scenario tags from plan.json and earlier threshold results from
 * thresholds.json (both optional). Every problem becomes one UsageError (exit 2) that names
 * the file and lists all the problems found in it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, UsageError } from '../exit/exitCodes.ts';
import type { RunResults } from '../results/resultsTypes.ts';
import type { ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { REPORT_FILES } from './writeRunReports.ts';

export const RESULTS_JSON = 'results.json';
export const PLAN_JSON = 'plan.json';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function readJson(path: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${(error as Error).message}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
}

/** A soak run's section, when present: checks like a call's, series as arrays of buckets by name. */
function soakProblems(soak: unknown): string[] {
  if (soak === undefined) return [];
  if (!isObject(soak)) return ['soak must be an object'];
  const problems: string[] = [];
  if (!Array.isArray(soak.checks)) problems.push('soak.checks must be an array');
  else
    soak.checks.forEach((c: unknown, j) => {
      if (!isObject(c) || typeof c.id !== 'string' || typeof c.ok !== 'boolean') problems.push(`soak.checks[${j}] must be an object with id (string) and ok (boolean)`);
    });
  if (!isObject(soak.series)) problems.push('soak.series must be an object (series name → buckets)');
  else for (const [name, buckets] of Object.entries(soak.series)) if (!Array.isArray(buckets)) problems.push(`soak.series.${name} must be an array of buckets`);
  return problems;
}

/**
 * The structure the renderers rely on; optional fields may be missing (the renderers
 * tolerate that), but a present field of the wrong kind is an error.
 */
export function resultsProblems(value: unknown): string[] {
  if (!isObject(value)) return ['must be a JSON object (results.json, schemaVersion 1)'];
  const problems: string[] = [];
  if (value.schemaVersion !== 1) problems.push(`schemaVersion must be 1, got ${JSON.stringify(value.schemaVersion) ?? 'nothing'}`);
  if (!isObject(value.run)) problems.push('run must be an object');
  else if (typeof value.run.id !== 'string') problems.push('run.id must be a string');
  problems.push(...soakProblems(value.soak));
  if (!Array.isArray(value.calls)) {
    problems.push('calls must be an array');
    return problems;
  }
  value.calls.forEach((call: unknown, i) => {
    const at = `calls[${i}]`;
    if (!isObject(call)) {
      problems.push(`${at} must be an object`);
      return;
    }
    for (const key of ['scenario', 'callId', 'expectedEndCallReason'] as const) if (typeof call[key] !== 'string') problems.push(`${at}.${key} must be a string`);
    for (const key of ['checks', 'samples', 'submissions'] as const) if (call[key] !== undefined && !Array.isArray(call[key])) problems.push(`${at}.${key} must be an array`);
    for (const key of ['finalStats', 'legs', 'impairments'] as const) if (call[key] !== undefined && call[key] !== null && !Array.isArray(call[key])) problems.push(`${at}.${key} must be an array`);
    if (call.summarized !== undefined) {
      const s = call.summarized;
      if (!isObject(s) || typeof s.record !== 'string' || !isObject(s.metrics) || typeof s.passedChecks !== 'number') {
        problems.push(`${at}.summarized must be an object with record (string), metrics (object) and passedChecks (number)`);
      }
    }
    if (Array.isArray(call.checks)) {
      call.checks.forEach((c: unknown, j) => {
        if (!isObject(c) || typeof c.id !== 'string' || typeof c.ok !== 'boolean') problems.push(`${at}.checks[${j}] must be an object with id (string) and ok (boolean)`);
      });
    }
  });
  return problems;
}

export interface RunDirContent {
  results: RunResults;
  /** scenario id → tags, from plan.json; {} when there is no plan.json */
  scenarioTags: Record<string, string[]>;
  /** whether plan.json was there to give tags */
  hasPlan: boolean;
  /** threshold results an earlier run or report wrote; [] when none */
  thresholds: ThresholdResult[];
}

/** @param runDir the directory as the user typed it (used in messages) */
export function readRunDir(runDir: string): RunDirContent {
  if (!existsSync(runDir)) throw new UsageError(`${runDir}: no such directory (give a run directory, e.g. reports/latest)`, EXIT.usage);
  if (!statSync(runDir).isDirectory()) throw new UsageError(`${runDir} is not a directory (give a run directory, e.g. reports/latest)`, EXIT.usage);
  const resultsPath = join(runDir, RESULTS_JSON);
  const shown = join(runDir, RESULTS_JSON);
  if (!existsSync(resultsPath)) throw new UsageError(`${runDir} has no ${RESULTS_JSON}: it is not a run directory, or its run ended before writing results`, EXIT.usage);
  const value = readJson(resultsPath, shown);
  const problems = resultsProblems(value);
  if (problems.length > 0) throw new UsageError(`${shown} is not a callsoak results file:\n  ${problems.join('\n  ')}`, EXIT.usage);
  const results = value as RunResults;

  const scenarioTags: Record<string, string[]> = {};
  const planPath = join(runDir, PLAN_JSON);
  const hasPlan = existsSync(planPath);
  if (hasPlan) {
    const plan = readJson(planPath, join(runDir, PLAN_JSON));
    const scenarios = isObject(plan) && Array.isArray(plan.scenarios) ? plan.scenarios : [];
    for (const s of scenarios) {
      if (isObject(s) && typeof s.id === 'string' && Array.isArray(s.tags)) scenarioTags[s.id] = s.tags.filter((t): t is string => typeof t === 'string');
    }
  }

  let thresholds: ThresholdResult[] = [];
  const thresholdsPath = join(runDir, REPORT_FILES.thresholds);
  if (existsSync(thresholdsPath)) {
    const stored = readJson(thresholdsPath, join(runDir, REPORT_FILES.thresholds));
    const valid = Array.isArray(stored) && stored.every((t) => isObject(t) && typeof t.metric === 'string' && typeof t.expression === 'string' && typeof t.ok === 'boolean' && typeof t.message === 'string');
    if (!valid) throw new UsageError(`${join(runDir, REPORT_FILES.thresholds)} is not a list of threshold results (metric, expression, ok, message); delete it or re-evaluate with --thresholds FILE`, EXIT.usage);
    thresholds = stored as ThresholdResult[];
  }
  return { results, scenarioTags, hasPlan, thresholds };
}
