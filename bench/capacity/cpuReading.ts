/**
 * CPU of the machine and of this bench's own process tree, split by what each process does,
 * from two readings of Linux /proc (the capacity bench reads one at the start of a measured
 * interval and one at its end).
 *
 * Groups: `node` (this process: Playwright's client, and for the harness side the relay, the
 * endpoint, the page server and the bindings every sample crosses), Chromium's `renderer`s
 * (where WebRTC, the agent and getStats run), its `audio` service (playout of every <audio>
 * element), its `browser` process (IPC between all of them, CDP), and `other` Chromium
 * processes (GPU, network, zygotes). `machine` is /proc/stat: everything, including other
 * users of this shared machine — `machine − ours` says how much of the run they took.
 *
 * Units: cpu_pct = % of one core (100 = one core busy all the interval; the ceiling is
 * 100 × cores), the convention of harness/soak/treeUsage.ts.
 */
import { readFile } from 'node:fs/promises';
import { CLOCK_TICKS_PER_SECOND, readProcessTree } from '../../harness/soak/processTree.ts';

export const CPU_GROUPS = ['node', 'renderer', 'audio', 'browser', 'other'] as const;
export type CpuGroup = (typeof CPU_GROUPS)[number];

export interface CpuReading {
  /** when it was taken, ms (performance-independent wall clock) */
  atMs: number;
  /** /proc/stat: busy and total jiffies of all cores */
  machineBusyTicks: number;
  machineTotalTicks: number;
  /** CPU ticks so far per process of our tree, key `pid:startTicks` */
  processes: Map<string, { group: CpuGroup; ticks: number }>;
}

export interface CpuUsage {
  /** the whole machine over the interval, % of one core (max 100 × cores) */
  machine_cpu_pct: number;
  /** this bench's process tree, % of one core */
  ours_cpu_pct: number;
  /** per group of our tree, % of one core */
  groups: Record<CpuGroup, number>;
}

/** Chromium's process type from its command line; no `--type=` is the browser process itself. */
export function groupOf(cmdline: string, isRoot: boolean): CpuGroup {
  if (isRoot) return 'node';
  // Chromium rewrites its children's process titles into one space-separated string
  const args = cmdline.split(/[\0 ]/);
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  if (type === 'renderer') return 'renderer';
  if (type === 'utility' && args.some((a) => a.startsWith('--utility-sub-type=audio.'))) return 'audio';
  if (type === undefined) return /chrom|headless_shell/i.test(args[0] ?? '') ? 'browser' : 'other';
  return 'other';
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  // first line: cpu user nice system idle iowait irq softirq steal guest guest_nice
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

export async function readCpu(): Promise<CpuReading> {
  const [machine, tree] = await Promise.all([machineTicks(), readProcessTree(process.pid)]);
  const processes = new Map<string, { group: CpuGroup; ticks: number }>();
  await Promise.all(
    tree.processes.map(async (p) => {
      const cmdline = await readFile(`/proc/${p.pid}/cmdline`, 'utf8').catch(() => '');
      processes.set(`${p.pid}:${p.startTicks}`, { group: groupOf(cmdline, p.pid === process.pid), ticks: p.cpuTicks });
    }),
  );
  return { atMs: Date.now(), machineBusyTicks: machine.busy, machineTotalTicks: machine.total, processes };
}

/**
 * Usage between two readings. A process only in the later reading started inside the interval
 * (the browser is launched before the first reading, so that is rare) and counts all its ticks;
 * one gone by the later reading is not counted.
 */
export function cpuBetween(from: CpuReading, to: CpuReading, cores: number): CpuUsage {
  const seconds = Math.max(0.001, (to.atMs - from.atMs) / 1000);
  const pct = (ticks: number) => (ticks / (seconds * CLOCK_TICKS_PER_SECOND)) * 100;
  const groups = Object.fromEntries(CPU_GROUPS.map((g) => [g, 0])) as Record<CpuGroup, number>;
  for (const [key, now] of to.processes) {
    const before = from.processes.get(key);
    groups[now.group] += pct(Math.max(0, now.ticks - (before?.ticks ?? 0)));
  }
  const totalTicks = to.machineTotalTicks - from.machineTotalTicks;
  const machine = totalTicks > 0 ? ((to.machineBusyTicks - from.machineBusyTicks) / totalTicks) * 100 * cores : 0;
  return { machine_cpu_pct: machine, ours_cpu_pct: CPU_GROUPS.reduce((sum, g) => sum + groups[g], 0), groups };
}
