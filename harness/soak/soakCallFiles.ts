/**
 * The finished calls of a soak run directory (node side): a slot writes each call twice, in
 * full to `soak/calls/<name>.json` and summarized to `soak/summaries/<name>.json`; the
 * reporter prints a line per call from the summaries while the soak runs, and results.json
 * lists them when it ends. Reading summaries keeps the end of a long soak with churn cheap:
 * ~1.4 kB per call read, not 40–70 kB, so a second signal's forced report still comes in seconds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEntry, CallResult, CallSummary } from '../results/resultsTypes.ts';
import { FULL_CALLS_MAX, summarizeCall } from '../metrics/summarizeCall.ts';
import { SOAK_FILES } from '../plan/soakPlan.ts';

const recordPath = (name: string) => `${SOAK_FILES.callsDir}/${name}.json`;

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    // missing, still being written, or cut by a kill
    return undefined;
  }
}

/** The name of a slot's call (0-based slot and call): `s001-c0042` is slot 1's 42nd call. */
export function soakCallName(slot: number, nth: number): string {
  return `s${String(slot + 1).padStart(3, '0')}-c${String(nth + 1).padStart(4, '0')}`;
}

/** Where a call's samples of one peer go (SampleSpill's file): `soak/samples/s001-c0042-business.ndjson`. */
export function soakSamplesPath(runDir: string, name: string, peer: string): string {
  return join(runDir, SOAK_FILES.samplesDir, `${name}-${peer}.ndjson`);
}

/** Writes a finished call: its record first, then its summary (a summary never points at a missing record). */
export function writeSoakCall(runDir: string, name: string, call: CallResult): void {
  const record = recordPath(name);
  for (const dir of [SOAK_FILES.callsDir, SOAK_FILES.summariesDir]) mkdirSync(join(runDir, dir), { recursive: true });
  writeFileSync(join(runDir, record), JSON.stringify(call));
  writeFileSync(join(runDir, SOAK_FILES.summariesDir, `${name}.json`), JSON.stringify(summarizeCall(call, record)));
}

/** Names of the finished calls' records (`s001-c0042`), in slot then call order. */
export function soakCallNames(runDir: string): string[] {
  const dir = join(runDir, SOAK_FILES.callsDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
}

/** One call in full; undefined while it is being written or when a kill cut it. */
export function readSoakCallRecord(runDir: string, name: string): CallResult | undefined {
  return readJson<CallResult>(join(runDir, recordPath(name)));
}

/**
 * One call's summary: the one its slot wrote, or — when the slot was killed between the two
 * files — one made from the record. undefined while the record is being written, or when a kill cut it.
 */
export function readSoakCallSummary(runDir: string, name: string): CallSummary | undefined {
  const written = readJson<CallSummary>(join(runDir, SOAK_FILES.summariesDir, `${name}.json`));
  if (written) return written;
  const record = readSoakCallRecord(runDir, name);
  return record ? summarizeCall(record, recordPath(name)) : undefined;
}

/**
 * The calls results.json lists, in slot then call order: all in full up to FULL_CALLS_MAX
 * calls; above it, summaries, except the first FULL_CALLS_MAX failed calls in full. Holds
 * at most FULL_CALLS_MAX full calls in memory at once. A call a kill cut is left out.
 */
export function readSoakCalls(runDir: string): CallEntry[] {
  const names = soakCallNames(runDir);
  if (names.length <= FULL_CALLS_MAX) return names.flatMap((name) => readSoakCallRecord(runDir, name) ?? []);
  let full = 0;
  return names.flatMap((name): CallEntry[] => {
    const summary = readSoakCallSummary(runDir, name);
    if (!summary) return [];
    if (summary.status === 'passed' || full >= FULL_CALLS_MAX) return [summary];
    const record = readSoakCallRecord(runDir, name);
    if (!record) return [summary];
    full++;
    return [record];
  });
}
