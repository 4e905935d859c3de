/**
 * `--out DIR` must not already hold a run (node side, the CLI): a second run written into it
 * would mix its calls, samples and telemetry with the first one's — a soak's per-slot files
 * have the same names every time — and the first run would be lost. An empty or missing
 * directory is fine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_FILE } from '../results/writeResults.ts';

/** files any run writes into its directory first or last */
const RUN_MARKERS = ['plan.json', RESULTS_FILE] as const;

/** @returns the message for a used directory, or undefined when `runDir` may be written */
export function usedRunDirProblem(outOption: string | undefined, runDir: string): string | undefined {
  if (outOption === undefined) return undefined; // the default is a new run id's directory
  const marker = RUN_MARKERS.find((file) => existsSync(join(runDir, file)));
  return marker ? `--out ${outOption}: already holds a run (${marker}); give a new directory, or remove that one first` : undefined;
}
