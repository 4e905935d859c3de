/**
 * The capacity bench's output: one row per side and N as it finishes, then each side's
 * capacity and the ratio harness / reference. Pure formatting.
 */
import { linearRegression } from 'simple-statistics';
import type { Side, SideMeasurement } from './sideMeasurement.ts';

/** the issue's target for harness capacity / reference capacity */
export const TARGET_RATIO = 0.8;
/** CPU other processes of the machine may take during a measurement before its failure is suspect, % of one core */
export const BUSY_OTHER_CPU_PCT = 25;

/** a failure while other processes took more than BUSY_OTHER_CPU_PCT says little about our calls */
export const busyMachine = (m: SideMeasurement) => (m.cpu ? m.cpu.machine_cpu_pct - m.cpu.ours_cpu_pct > BUSY_OTHER_CPU_PCT : false);

const COLUMNS = [
  ['N', 3], ['side', 12], ['loss% max', 9], ['loss% p95', 9], ['conc% max', 9], ['conc% p95', 9], ['ok', 4],
  ['machine', 7], ['ours', 5], ['other', 5], ['node', 5], ['render', 6], ['audio', 5], ['browser', 7], ['c.other', 7], ['ours/call', 9], ['setup s', 7],
] as const;

export const TABLE_HEADER = `${COLUMNS.map(([name, width]) => name.padStart(width)).join(' | ')} | notes`;

const pct = (v: number | undefined, digits = 3) => (v === undefined ? '–' : v.toFixed(digits));
const cpu = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(0));

export function formatRow(m: SideMeasurement): string {
  const q = m.quality;
  const c = m.cpu;
  const cells = [
    String(m.calls), m.side, pct(q.worstLossPct), pct(q.p95LossPct), pct(q.worstConcealPct), pct(q.p95ConcealPct), q.ok ? 'yes' : 'NO',
    cpu(c?.machine_cpu_pct), cpu(c?.ours_cpu_pct), cpu(c ? c.machine_cpu_pct - c.ours_cpu_pct : undefined),
    cpu(c?.groups.node), cpu(c?.groups.renderer), cpu(c?.groups.audio), cpu(c?.groups.browser), cpu(c?.groups.other),
    c ? (c.ours_cpu_pct / m.calls).toFixed(1) : '–', m.setupS.toFixed(1),
  ];
  const notes = [...(busyMachine(m) ? ['BUSY machine'] : []), ...(m.error ? [`error: ${m.error}`] : []), ...m.notes].join('; ');
  return `${cells.map((cell, i) => cell.padStart(COLUMNS[i]![1])).join(' | ')} | ${notes}`;
}

/** the largest N a side held, or 0 */
export function capacityOf(results: SideMeasurement[], side: Side): number {
  return Math.max(0, ...results.filter((m) => m.side === side && m.quality.ok).map((m) => m.calls));
}

export function formatCapacity(results: SideMeasurement[]): string {
  const lines: string[] = [];
  for (const side of ['reference', 'harness'] as const) {
    const runs = results.filter((m) => m.side === side);
    const held = capacityOf(results, side);
    const firstFail = runs.find((m) => !m.quality.ok)?.calls;
    const tried = Math.max(0, ...runs.map((m) => m.calls));
    const cpuPerCall = runs.filter((m) => m.quality.ok && m.cpu).map((m) => m.cpu!.ours_cpu_pct / m.calls);
    lines.push(
      `${side.padEnd(9)} capacity: ${held} calls (tried up to ${tried}${firstFail !== undefined ? `, first failure at ${firstFail}` : ', none failed'})` +
        (cpuPerCall.length > 0 ? `; CPU per call while held: ${Math.min(...cpuPerCall).toFixed(1)}–${Math.max(...cpuPerCall).toFixed(1)} % of a core` : ''),
    );
  }
  const suspect = results.filter((m) => !m.quality.ok && busyMachine(m));
  if (suspect.length > 0) {
    lines.push(
      `warning: ${suspect.map((m) => `${m.side} at ${m.calls}`).join(', ')} failed while other processes took > ${BUSY_OTHER_CPU_PCT} % of a core ` +
        '(column other): those failures may be theirs, and the capacities above lower bounds',
    );
  }
  const reference = capacityOf(results, 'reference');
  const harness = capacityOf(results, 'harness');
  const limited = reference > 0 && !results.some((m) => m.side === 'reference' && !m.quality.ok);
  if (reference === 0) lines.push('capacity ratio harness/reference: undefined (the reference held no N)');
  else {
    const ratio = harness / reference;
    lines.push(
      `capacity ratio harness/reference: ${harness}/${reference} = ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})` +
        (limited ? `; the reference never failed, so its capacity is at least ${reference} and the ratio an upper bound` : ''),
    );
  }
  // Loss and concealment move with what other users of a shared machine do; our own CPU time
  // per call barely does. If calls are CPU-bound, capacity scales with its inverse.
  const perCall = (side: Side) => results.filter((m) => m.side === side && m.cpu).map((m) => m.cpu!.ours_cpu_pct / m.calls);
  const [ref, har] = [perCall('reference'), perCall('harness')];
  if (ref.length > 0 && har.length > 0) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    lines.push(
      `CPU per call (mean over every N measured): reference ${mean(ref).toFixed(1)} %, harness ${mean(har).toFixed(1)} % of a core; ` +
        `CPU-bound capacity ratio ≈ ${(mean(ref) / mean(har)).toFixed(2)}`,
    );
  }
  // The mean above divides each side's fixed cost (its Node process, the browser's own
  // processes) by N, so it weighs the small N most. The slope of CPU over N is what one more
  // call costs, and that is what decides where the cores run out.
  const [refCost, harCost] = [marginalCost(results, 'reference'), marginalCost(results, 'harness')];
  if (refCost && harCost) {
    lines.push(
      `CPU over N while held (least squares): reference ${refCost.perCall.toFixed(1)} % per call + ${refCost.fixed.toFixed(0)} % fixed, ` +
        `harness ${harCost.perCall.toFixed(1)} % per call + ${harCost.fixed.toFixed(0)} % fixed (% of a core); marginal ratio ≈ ${(refCost.perCall / harCost.perCall).toFixed(2)}`,
    );
  }
  return lines.join('\n');
}

/** one side's CPU as fixed + perCall × N, fitted over the N it held (at least 3 of them), % of a core */
export function marginalCost(results: SideMeasurement[], side: Side): { perCall: number; fixed: number } | undefined {
  const points = results.filter((m) => m.side === side && m.quality.ok && m.cpu).map((m) => [m.calls, m.cpu!.ours_cpu_pct]);
  if (new Set(points.map(([n]) => n)).size < 3) return undefined;
  const { m, b } = linearRegression(points);
  return m > 0 ? { perCall: m, fixed: b } : undefined;
}
