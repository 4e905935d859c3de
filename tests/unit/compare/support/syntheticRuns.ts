/**
 * Seeded synthetic runs for the statistics tests: per-call metric values shaped like the
 * ones real loopback calls produce (skewed, tied, moving together with machine load), so
 * the false-alarm measurement faces the same awkward data a nightly comparison does.
 */
import { mulberry32 } from '../../../../harness/random/mulberry32.ts';
import type { HistoryCall, HistoryRun } from '../../../../harness/history/historyRecord.ts';

export type Rand = () => number;

export function seeded(seed: number): Rand {
  return mulberry32(seed);
}

/** Standard normal draw (Box–Muller). */
export function gaussian(rand: Rand): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function normal(rand: Rand, mean: number, sd: number): number {
  return mean + sd * gaussian(rand);
}

const round = (v: number, step: number) => Math.round(v / step) * step;

export interface CallShape {
  /** ms added to the jitter of every second (and so to its mean and its max); default 0 */
  extraJitterMs?: number;
  /** replaces the jitter model: audio.jitter_ms ~ N(mean, sd), jitter max follows it */
  jitterMs?: { mean: number; sd: number };
  /** packets the business received, mean; default 250 (5 s of 20 ms packets) */
  packetsReceived?: number;
  /** share of the relay's drops, % (a change in the test condition); default 0 */
  relayDroppedPct?: number;
}

/**
 * One call's metrics. A per-call load factor (log-normal) moves jitter, the jitter buffer,
 * RTT, set-up and submission latency together, as a busy machine does; loss, attempts and
 * failed checks are mostly tied at 0 or 1; the jitter max is whole milliseconds.
 */
export function cleanCallMetrics(rand: Rand, shape: CallShape = {}): Record<string, number> {
  const load = Math.exp(normal(rand, 0, 0.5));
  const baseJitter = shape.jitterMs ? Math.max(0.1, normal(rand, shape.jitterMs.mean, shape.jitterMs.sd)) : 0.5 + 2.5 * load * Math.abs(normal(rand, 1, 0.4));
  const jitter = baseJitter + (shape.extraJitterMs ?? 0);
  const lossy = rand() < 0.1;
  const lost = lossy ? 1 + Math.floor(rand() * 2) : 0;
  const received = Math.round(normal(rand, shape.packetsReceived ?? 250, 4));
  return {
    'audio.jitter_ms': round(jitter, 0.01),
    'audio.jitter_max_ms': Math.ceil(jitter * (1.4 + rand())),
    'audio.remote_jitter_ms': round(0.5 + 2.5 * load * Math.abs(normal(rand, 1, 0.4)), 0.01),
    'audio.loss_pct': lost ? (lost / (lost + received)) * 100 : 0,
    'audio.rtt_ms': round(1 + 4 * load * rand(), 0.01),
    'audio.jitter_buffer_delay_ms': round(Math.max(20, normal(rand, 30 + 60 * load, 12)), 0.01),
    'audio.concealment_pct': rand() < 0.4 ? 0 : round(Math.max(0, normal(rand, 0.6, 0.4) * load), 0.01),
    'audio.packets_received': received,
    'audio.packets_lost': lost,
    'audio.playout_s': round(normal(rand, 5.3, 0.05), 0.01),
    'submission.latency_ms': Math.round(25 + 60 * load * rand()),
    'submission.attempts': 1,
    'call.setup_ms': round(Math.max(150, normal(rand, 300 + 250 * load, 60)), 0.01),
    'call.duration_s': round(normal(rand, 7.9, 0.3 * load), 0.01),
    'checks.failed': 0,
    'relay.dropped_pct': shape.relayDroppedPct ?? 0,
  };
}

export interface RunShape extends CallShape {
  id?: string;
  /** ISO 8601; default 2026-01-01T00:00:00.000Z */
  startedAt?: string;
  status?: HistoryRun['status'];
  /** calls per scenario; default 10 */
  calls?: number;
  /** default ['hangup-call'] */
  scenarios?: string[];
  /** shape of the calls of particular scenarios only (others are clean) */
  only?: string;
}

/** A history record of `calls` calls per scenario drawn from `rand`. */
export function syntheticRun(rand: Rand, shape: RunShape = {}): HistoryRun {
  const scenarios = shape.scenarios ?? ['hangup-call'];
  const calls: HistoryCall[] = [];
  for (const scenario of scenarios) {
    const callShape = shape.only === undefined || shape.only === scenario ? shape : {};
    for (let i = 0; i < (shape.calls ?? 10); i++) {
      calls.push({ scenario, callId: `${scenario}-${i}`, status: 'passed', metrics: cleanCallMetrics(rand, callShape) });
    }
  }
  const startedAt = shape.startedAt ?? '2026-01-01T00:00:00.000Z';
  return {
    historyVersion: 1,
    id: shape.id ?? `synthetic-${Math.floor(rand() * 1e9)}`,
    startedAt,
    finishedAt: startedAt,
    status: shape.status ?? 'passed',
    seed: 0,
    browser: { name: 'Chromium', version: '0' },
    harnessVersion: '0.1.0',
    gitRevision: null,
    runDir: null,
    recordedAt: startedAt,
    calls,
  };
}

/** A record whose calls carry exactly the given values of one metric (others absent). */
export function runOfValues(id: string, metric: string, values: number[], scenario = 'hangup-call'): HistoryRun {
  const run = syntheticRun(seeded(1), { id, calls: 0, scenarios: [scenario] });
  run.calls = values.map((v, i) => ({ scenario, callId: `${scenario}-${i}`, status: 'passed', metrics: { [metric]: v } }));
  return run;
}
