/**
 * Several runs as one baseline: their calls pooled. A single night's calls share that
 * night's machine load, so one baseline run understates how much a metric varies from run
 * to run; pooling the last few green runs puts that variation into the baseline sample
 * (and gives it more calls), which is what "beyond run-to-run variation" asks for. Pure.
 */
import type { HistoryRun } from './historyRecord.ts';

/** The runs' calls as one record; meta from the latest run, id `a+b+c`, status passed only when all passed. */
export function poolRuns(runs: readonly HistoryRun[]): HistoryRun {
  if (runs.length === 0) throw new RangeError('poolRuns needs at least one run');
  if (runs.length === 1) return runs[0]!;
  const byTime = [...runs].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
  const latest = byTime.at(-1)!;
  const statuses = new Set(runs.map((r) => r.status));
  return {
    ...latest,
    id: byTime.map((r) => r.id).join('+'),
    startedAt: byTime[0]!.startedAt,
    status: statuses.size === 1 ? latest.status : statuses.has('interrupted') ? 'interrupted' : 'failed',
    runDir: null,
    calls: byTime.flatMap((r) => r.calls),
  };
}
