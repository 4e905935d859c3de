/**
 * CPU and memory of a process tree split into the browser's processes and the harness's,
 * and, under external business mode, the team's integration's, from two /proc readings. Pure.
 *
 * browser = a process whose name or executable is Chromium's (chromium, chrome,
 * headless_shell, chrome_crashpad_handler, google-chrome…) and everything below one (zygotes,
 * renderers, GPU and utility processes); harness = every other process of the tree (node: the
 * CLI, Playwright's runner and workers, Node peers); business = the process `businessRootPid`
 * (the shell running the team's --business-command) and everything below it, browsers included
 * (an integration may run its own Chromium: it is the integration's).
 *
 * cpu_pct = Δ CPU ticks / (Δt × ticks per second) × 100, so 100 = one core fully busy (the
 * machine's ceiling is 100 × cores). A process counts by (pid, start time), never by pid alone:
 * - in both readings: its Δ ticks (never negative);
 * - new, started after the previous reading began: all its ticks (they were all spent inside
 *   the interval);
 * - new but older than the previous reading (it was missed then): 0, it is a baseline now;
 * - gone by this reading: its last ticks are unknown and not counted (an under-estimate of at
 *   most one interval of that process, never a negative or huge value).
 */
import { basename } from 'node:path';
import type { ProcessInfo, ProcessTreeReading } from './processTree.ts';
import { CLOCK_TICKS_PER_SECOND } from './processTree.ts';

export interface GroupUsage {
  /** CPU used over the interval since the previous reading, % of one core; null on the first reading */
  cpu_pct: number | null;
  /** resident memory summed over the group's processes, MB (2^20 bytes); shared pages count once per process, as in `ps` */
  rss_mb: number;
  /** processes in the group */
  processes: number;
}

export interface TreeUsage {
  browser: GroupUsage;
  harness: GroupUsage;
  /** the team's integration (present when a businessRootPid was given; 0 processes once it is gone) */
  business?: GroupUsage;
  /**
   * the harness's resident memory by depth under the root, MB: [0] the root itself, [1] its
   * harness children, [2] theirs… (browser processes excluded); [] when the root is gone
   */
  harnessRssByDepth_mb: number[];
}

const BROWSER_NAME = /^(chromium|chrome|headless_shell|google-chrome)/i;

/** whether a process is one of Chromium's by its own name or executable (not its ancestry) */
export function isBrowserName(p: Pick<ProcessInfo, 'comm' | 'argv0'>): boolean {
  return BROWSER_NAME.test(p.comm) || (p.argv0 !== '' && BROWSER_NAME.test(basename(p.argv0)));
}

/**
 * A value per process computed from its own and its parent's (`parent` undefined when the parent
 * is not in the reading), each process visited once. The recursion is as deep as the tree; the
 * reading's size bounds it should parent links ever loop (pid reuse mid-reading).
 */
function fromAncestry<T>(processes: readonly ProcessInfo[], of: (p: ProcessInfo, parent: T | undefined) => T): Map<number, T> {
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const memo = new Map<number, T>();
  const visit = (p: ProcessInfo, hops: number): T => {
    if (memo.has(p.pid)) return memo.get(p.pid)!;
    const parent = byPid.get(p.ppid);
    const value = of(p, parent !== undefined && hops < processes.length ? visit(parent, hops + 1) : undefined);
    memo.set(p.pid, value);
    return value;
  };
  for (const p of processes) visit(p, 0);
  return memo;
}

/** pids of the browser group: processes named like Chromium and all their descendants in the reading */
export function browserPids(processes: readonly ProcessInfo[]): Set<number> {
  const inBrowser = fromAncestry<boolean>(processes, (p, parent) => isBrowserName(p) || parent === true);
  return new Set(processes.filter((p) => inBrowser.get(p.pid)).map((p) => p.pid));
}

const key = (p: ProcessInfo) => `${p.pid}:${p.startTicks}`;

/** pids of the process `rootPid` and all its descendants in the reading */
export function subtreePids(processes: readonly ProcessInfo[], rootPid: number): Set<number> {
  const inTree = fromAncestry<boolean>(processes, (p, parent) => p.pid === rootPid || parent === true);
  return new Set(processes.filter((p) => inTree.get(p.pid)).map((p) => p.pid));
}

/**
 * @param previous the reading before (undefined: first reading, cpu_pct is null)
 * @param elapsedMs time between the two readings, ms (a monotonic clock)
 * @param businessRootPid the root of the team's integration's processes (external business mode); absent = no business group
 */
export function treeUsage(previous: ProcessTreeReading | undefined, current: ProcessTreeReading, elapsedMs: number, ticksPerSecond = CLOCK_TICKS_PER_SECOND, businessRootPid?: number): TreeUsage {
  const before = new Map((previous?.processes ?? []).map((p) => [key(p), p.cpuTicks]));
  const business = businessRootPid === undefined ? new Set<number>() : subtreePids(current.processes, businessRootPid);
  const browser = browserPids(current.processes);
  const groups = { browser: { ticks: 0, rss: 0, n: 0 }, harness: { ticks: 0, rss: 0, n: 0 }, business: { ticks: 0, rss: 0, n: 0 } };
  // depth under the root: a process whose parent is not in the reading (the root) is at 0
  const depthOf = fromAncestry<number>(current.processes, (_, parent) => (parent === undefined ? 0 : parent + 1));
  const harnessByDepth: number[] = [];
  for (const p of current.processes) {
    const inBusiness = business.has(p.pid);
    const inBrowser = !inBusiness && browser.has(p.pid);
    const g = inBusiness ? groups.business : inBrowser ? groups.browser : groups.harness;
    if (g === groups.harness) {
      const depth = depthOf.get(p.pid) ?? 0;
      while (harnessByDepth.length <= depth) harnessByDepth.push(0);
      harnessByDepth[depth]! += p.rssBytes / 2 ** 20;
    }
    g.n++;
    g.rss += p.rssBytes;
    const then = before.get(key(p));
    if (then !== undefined) g.ticks += Math.max(0, p.cpuTicks - then);
    else if (previous && p.startTicks >= previous.uptimeTicks) g.ticks += p.cpuTicks;
  }
  const seconds = elapsedMs / 1000;
  const usage = (g: { ticks: number; rss: number; n: number }): GroupUsage => ({
    cpu_pct: previous && seconds > 0 ? (g.ticks / (seconds * ticksPerSecond)) * 100 : null,
    rss_mb: g.rss / 2 ** 20,
    processes: g.n,
  });
  return { browser: usage(groups.browser), harness: usage(groups.harness), ...(businessRootPid === undefined ? {} : { business: usage(groups.business) }), harnessRssByDepth_mb: harnessByDepth };
}
