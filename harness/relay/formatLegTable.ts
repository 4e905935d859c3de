/**
 * Plain-text table of per-leg ground truth, for the standalone relay's exit report.
 */
import type { LegGroundTruth } from './core/groundTruthTypes.ts';

const COLUMNS = ['leg', 'dir', 'kind', 'ssrc', 'offered', 'delivered', 'lost', 'queue', 'blackout', 'dup', 'reordered', 'loss%'] as const;

function hex(ssrc: number | null): string {
  return ssrc === null ? '-' : `0x${ssrc.toString(16).padStart(8, '0')}`;
}

/** one row per flow; `labels` maps callId to a printable leg name */
export function formatLegTable(legs: LegGroundTruth[], labels: ReadonlyMap<string, string>): string {
  if (legs.length === 0) return '(no relayed traffic)';
  const rows = legs.map((leg) => {
    const dropped = leg.dropped.loss + leg.dropped.queue + leg.dropped.blackout;
    return [
      labels.get(leg.callId) ?? leg.callId,
      leg.direction,
      leg.kind,
      hex(leg.ssrc),
      String(leg.offered),
      String(leg.delivered),
      String(leg.dropped.loss),
      String(leg.dropped.queue),
      String(leg.dropped.blackout),
      String(leg.duplicated),
      String(leg.reordered),
      leg.offered > 0 ? ((100 * dropped) / leg.offered).toFixed(1) : '-',
    ];
  });
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [line(COLUMNS), ...rows.map(line)].join('\n');
}
