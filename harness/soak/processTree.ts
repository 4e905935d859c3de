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
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

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

/**
 * The one buffer every /proc file is read into, 16 KiB: a stat or status file is ~0.3 / ~1.5 KiB;
 * a longer cmdline is cut (only argv[0] is kept).
 *
 * Why not fs.readFile: /proc files report size 0, so readFile (promises or not) reads each into
 * fresh 64 KiB buffers — two per file (data, then end of file). A reading is ~150–250 files (every
 * process's stat to find the tree, status and cmdline of the tree's), so every 5 s 20–30 MiB of
 * short-lived native buffers would go through the process hosting the monitor (Playwright's
 * runner), and glibc's heap keeps growing with such fragments while the JS heap stays flat
 * (several MiB/h of runner RSS). One reused buffer allocates nothing per file but the decoded
 * text, and glibc's heap stays level.
 */
const READ_BUFFER = Buffer.allocUnsafe(16 * 1024);

/**
 * A /proc file's text, at most READ_BUFFER's length; undefined when the file is gone (the process
 * exited between listing and reading). Synchronous: a whole reading takes a few ms of syscalls.
 */
function readText(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    let length = 0;
    // each pass reads >= 1 byte or stops: at most READ_BUFFER.length passes
    while (length < READ_BUFFER.length) {
      const read = readSync(fd, READ_BUFFER, length, READ_BUFFER.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return READ_BUFFER.toString('utf8', 0, length);
  } catch {
    return undefined; // the process exited mid-read (ESRCH)
  } finally {
    closeSync(fd);
  }
}

/**
 * One snapshot of `rootPid` and its descendants. Processes that exit while it is taken are
 * left out; a descendant that daemonised (re-parented to init, like Chromium's crashpad
 * handler) is no longer in the tree.
 * @param procDir where procfs is mounted; default '/proc'
 */
export function readProcessTree(rootPid: number, procDir = '/proc'): ProcessTreeReading {
  const uptime = readText(`${procDir}/uptime`);
  const uptimeTicks = Math.round(Number(uptime?.split(' ')[0]) * CLOCK_TICKS_PER_SECOND);
  const pids = readdirSync(procDir).filter((name) => /^\d+$/.test(name));
  const stats = pids.map((pid) => parseStat(readText(`${procDir}/${pid}/stat`) ?? '')).filter((s) => s !== undefined);
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
  const processes = tree.map((s): ProcessInfo | undefined => {
    const status = readText(`${procDir}/${s.pid}/status`);
    if (status === undefined) return undefined;
    const cmdline = readText(`${procDir}/${s.pid}/cmdline`) ?? '';
    return { pid: s.pid, ppid: s.ppid, comm: s.comm, argv0: cmdline.split('\0')[0] ?? '', rssBytes: parseStatusRss(status), cpuTicks: s.cpuTicks, startTicks: s.startTicks };
  });
  return { uptimeTicks: Number.isFinite(uptimeTicks) ? uptimeTicks : 0, processes: processes.filter((p) => p !== undefined) };
}
