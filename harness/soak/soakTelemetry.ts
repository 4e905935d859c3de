/**
 * Folds what the workers wrote during a soak into resource series (node side, at the end of
 * the run): the relay's counters each worker appended every few seconds (packets/s, queue,
 * allocations, active calls) and the endpoint's request records (latency). Workers' readings
 * are summed per time slot. Lines cut short by a killed process are skipped, not fatal.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BucketSeriesGroup } from './bucketSeriesGroup.ts';
import { SOAK_FILES } from '../plan/soakPlan.ts';

/** width of the slot workers' readings are summed in, ms (the workers write every 5 s) */
const SLOT_MS = 5000;

interface TelemetryLine {
  tMs: number;
  worker: number;
  activeCalls: number;
  relay: { relayed?: number; scheduled?: number; allocations?: number };
  /** Node's execArgv and the malloc environment, in each worker's first line only */
  memorySettings?: string[];
}

function jsonLines<T>(file: string): T[] {
  const out: T[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // the last line of a killed writer may be cut
    }
  }
  return out;
}

function filesIn(dir: string, suffix: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith(suffix)).sort().map((n) => join(dir, n)) : [];
}

/**
 * Adds relay.*, calls.active and endpoint.latency_ms to `group` from the run directory's files,
 * and returns the memory settings the workers ran with (each worker's first line), without
 * repeats, in order.
 */
export function foldSoakTelemetry(runDir: string, group: BucketSeriesGroup): { memorySettings: string[] } {
  const memorySettings = new Set<string>();
  const slots = new Map<number, Record<string, number>>();
  const add = (tMs: number, name: string, value: number) => {
    const slot = Math.floor(tMs / SLOT_MS) * SLOT_MS;
    const values = slots.get(slot) ?? {};
    values[name] = (values[name] ?? 0) + value;
    slots.set(slot, values);
  };
  for (const file of filesIn(join(runDir, SOAK_FILES.telemetryDir), '.ndjson')) {
    let previous: TelemetryLine | undefined;
    for (const line of jsonLines<TelemetryLine>(file)) {
      for (const setting of line.memorySettings ?? []) memorySettings.add(setting);
      add(line.tMs, 'relay.queue_packets', line.relay.scheduled ?? 0);
      add(line.tMs, 'relay.allocations', line.relay.allocations ?? 0);
      add(line.tMs, 'calls.active', line.activeCalls);
      if (previous && line.tMs > previous.tMs && (line.relay.relayed ?? 0) >= (previous.relay.relayed ?? 0)) {
        add(line.tMs, 'relay.packets_per_s', ((line.relay.relayed ?? 0) - (previous.relay.relayed ?? 0)) / ((line.tMs - previous.tMs) / 1000));
      }
      previous = line;
    }
  }
  for (const [slot, values] of [...slots].sort((a, b) => a[0] - b[0])) group.push(slot, values);
  const latencies: [number, number][] = [];
  for (const file of filesIn(join(runDir, 'endpoint'), '.jsonl')) {
    for (const record of jsonLines<{ receivedAtMs?: number; respondedAtMs?: number; handlingMs?: number }>(file)) {
      // handlingMs has µs resolution; the two timestamps only whole ms
      const latency = record.handlingMs ?? (typeof record.respondedAtMs === 'number' && typeof record.receivedAtMs === 'number' ? record.respondedAtMs - record.receivedAtMs : undefined);
      if (typeof record.receivedAtMs === 'number' && latency !== undefined) latencies.push([record.receivedAtMs, latency]);
    }
  }
  for (const [tMs, latency] of latencies.sort((a, b) => a[0] - b[0])) group.push(tMs, { 'endpoint.latency_ms': latency });
  return { memorySettings: [...memorySettings] };
}
