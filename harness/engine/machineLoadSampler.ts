/**
 * How busy the machine's processors are while a call runs (a Playwright worker; Linux
 * /proc/stat): once a second, the share of all cores' time that was not idle. A call's audio
 * degraded with nothing lost on the wire, at a moment the cores were saturated, is the
 * machine's doing, not the network's or the client's (engine/checks/machineDegradation.ts).
 */
import { readFileSync } from 'node:fs';

/** one reading: the busy share over the second before `t` */
export interface MachineLoadPoint {
  /** seconds since the call started, the axis of the call's samples */
  t: number;
  /** share of all cores' time spent not idle (user, system, irq, steal, …), 0..100 */
  cpuPct: number;
}

/** how often the machine is read, ms */
const PERIOD_MS = 1000;
/** readings kept, the newest: a soak's hour-long call keeps its last 10 minutes, as its samples keep a window */
const MAX_POINTS = 600;

interface CpuTimes {
  busy: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat; undefined where there is none (not Linux). */
export function readCpuTimes(statText: string): CpuTimes | undefined {
  const line = statText.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return undefined;
  // user nice system idle iowait irq softirq steal (guest time is inside user already)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export interface MachineLoadSampler {
  /** stops reading; the points so far */
  stop: () => MachineLoadPoint[];
}

/** @param startedAtMs the call's start, Unix ms: the origin of the points' `t` */
export function startMachineLoadSampler(startedAtMs: number, read: () => string = () => readFileSync('/proc/stat', 'utf8')): MachineLoadSampler {
  const points: MachineLoadPoint[] = [];
  const sample = (): CpuTimes | undefined => {
    try {
      return readCpuTimes(read());
    } catch {
      return undefined; // no /proc: no readings, and the degradation check says it could not tell
    }
  };
  let last = sample();
  const timer = setInterval(() => {
    const now = sample();
    if (last && now && now.total > last.total) {
      points.push({ t: Math.round((Date.now() - startedAtMs) / 100) / 10, cpuPct: Math.round(((now.busy - last.busy) / (now.total - last.total)) * 1000) / 10 });
      if (points.length > MAX_POINTS) points.shift();
    }
    last = now;
  }, PERIOD_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return points;
    },
  };
}
