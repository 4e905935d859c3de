/**
 * Reads a process and all its descendants from Linux /proc: pid, parent, name, first
 * command-line argument, resident memory and CPU time, plus the system uptime the reading
 * was taken at (so CPU time can be turned into a rate and new processes told from old ones).
 *
 * Written here rather than taken from npm: `pidusage` reports one pid at a time and keeps its
 * own per-pid history, `pidtree` / `ps-tree` list descendants by running `ps` (a process per
 * reading); neither gives one consistent snapshot of the tree with names, so classifying the
 * browser's processes and summing them would still be ours. /proc needs ~80 lines. Linux only.
 *
 * Units: CPU time in clock ticks (USER_HZ, 100 per second on Linux: the kernel's ABI fixes it
 * whatever CONFIG_HZ is; `getconf CLK_TCK` prints it), memory in bytes.
 */
import { readdir, readFile } from 'node:fs/promises';

/** one process of the tree */
export interface ProcessInfo {
  pid: number;
  /** parent pid */
  ppid: number;
  /** kernel name of the process (/proc/PID/comm, at most 15 characters) */
  comm: string;
  /** first argument of the command line (usually the executable's path); '' for zombies and kernel threads */
  argv0: string;
  /** resident set size (VmRSS), bytes; 0 for zombies */
  rssBytes: number;
  /** user + system CPU time so far (utime + stime), clock ticks */
  cpuTicks: number;
  /** when the process started, clock ticks since boot; (pid, startTicks) identifies a process even across pid reuse */
  startTicks: number;
}

export interface ProcessTreeReading {
  /** system uptime when the reading began, clock ticks (from /proc/uptime) */
  uptimeTicks: number;
  /** the root first, then its descendants breadth-first; [] when the root is gone */
  processes: ProcessInfo[];
}

/** clock ticks per second of /proc's CPU times on Linux (USER_HZ) */
export const CLOCK_TICKS_PER_SECOND = 100;

interface StatFields {
  pid: number;
  comm: string;
  ppid: number;
  cpuTicks: number;
  startTicks: number;
}

/**
 * Parses /proc/PID/stat: `pid (comm) state ppid … utime(14) stime(15) … starttime(22) …`.
 * `comm` may itself contain spaces and parentheses, so it ends at the LAST `)`.
 */
export function parseStat(text: string): StatFields | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // fields from 3 (state) on; rest[0] is field 3
  const rest = text.slice(close + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  const fields = { pid, comm: text.slice(open + 1, close), ppid: field(4), cpuTicks: field(14) + field(15), startTicks: field(22) };
  return Number.isInteger(fields.pid) && Number.isFinite(fields.ppid) && Number.isFinite(fields.cpuTicks) && Number.isFinite(fields.startTicks) ? fields : undefined;
}

/** VmRSS of /proc/PID/status in bytes; 0 when absent (zombies, kernel threads) */
export function parseStatusRss(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : 0;
}

/** undefined when the file is gone (the process exited between listing and reading) */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * One snapshot of `rootPid` and its descendants. Processes that exit while it is taken are
 * left out; a descendant that daemonised (re-parented to init, like Chromium's crashpad
 * handler) is no longer in the tree.
 * @param procDir where procfs is mounted; default '/proc'
 */
export async function readProcessTree(rootPid: number, procDir = '/proc'): Promise<ProcessTreeReading> {
  const uptime = await readText(`${procDir}/uptime`);
  const uptimeTicks = Math.round(Number(uptime?.split(' ')[0]) * CLOCK_TICKS_PER_SECOND);
  const pids = (await readdir(procDir)).filter((name) => /^\d+$/.test(name));
  const stats = (await Promise.all(pids.map(async (pid) => parseStat((await readText(`${procDir}/${pid}/stat`)) ?? '')))).filter((s) => s !== undefined);
  const children = new Map<number, StatFields[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const root = stats.find((s) => s.pid === rootPid);
  const tree: StatFields[] = [];
  const seen = new Set<number>();
  // breadth-first; `seen` guards against a parent loop from pid reuse mid-reading
  const queue: StatFields[] = root ? [root] : [];
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    if (seen.has(s.pid)) continue;
    seen.add(s.pid);
    tree.push(s);
    queue.push(...(children.get(s.pid) ?? []));
  }
  const processes = await Promise.all(
    tree.map(async (s): Promise<ProcessInfo | undefined> => {
      const [status, cmdline] = await Promise.all([readText(`${procDir}/${s.pid}/status`), readText(`${procDir}/${s.pid}/cmdline`)]);
      if (status === undefined) return undefined;
      return { pid: s.pid, ppid: s.ppid, comm: s.comm, argv0: (cmdline ?? '').split('\0')[0] ?? '', rssBytes: parseStatusRss(status), cpuTicks: s.cpuTicks, startTicks: s.startTicks };
    }),
  );
  return { uptimeTicks: Number.isFinite(uptimeTicks) ? uptimeTicks : 0, processes: processes.filter((p) => p !== undefined) };
}
