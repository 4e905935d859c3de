/**
 * Minimal but genuine results.json content: calls carry per-second samples and a final
 * getStats snapshot in raw units, so the project's metric extractor (harness/thresholds)
 * computes their metrics exactly as it does for a real run.
 */
import type { CallResult, RunResults, RunStatus } from '../../../../harness/results/resultsTypes.ts';

export interface CallValues {
  /** RFC 3550 jitter of every sample, ms (→ audio.jitter_ms, audio.jitter_max_ms); default 2 */
  jitterMs?: number;
  /** final packetsReceived (→ audio.packets_received); default 250 */
  packetsReceived?: number;
  /** final jitter buffer delay per emitted sample, ms; default 60 */
  jitterBufferDelayMs?: number;
  /** submission latency after the call ended, ms; default 40 */
  submissionLatencyMs?: number;
  status?: 'passed' | 'failed';
}

export function syntheticCall(scenario: string, index: number, values: CallValues = {}): CallResult {
  const jitter = (values.jitterMs ?? 2) / 1000;
  const received = values.packetsReceived ?? 250;
  const emitted = received * 960;
  const startedAtMs = 1_767_225_600_000 + index * 10_000;
  const endedAtMs = startedAtMs + 7_000;
  const samples = [1, 2, 3, 4, 5].map((t) => ({
    t,
    timestampMs: startedAtMs + t * 1000,
    inbound: { ssrc: 1, packetsReceived: Math.round((received * t) / 5), packetsLost: 0, jitter, lastPacketReceivedTimestamp: startedAtMs + t * 1000 - 5 },
    remoteInbound: { ssrc: 2, jitter: 0.002 },
  }));
  return {
    scenario,
    callId: `${scenario}-${index}`,
    expectedEndCallReason: 'Hangup_Call',
    endCallReason: 'Hangup_Call',
    talkSeconds: 5,
    payload: null,
    submissions: [{ attempt: 1, status: 200, response: { success: true }, receivedAtMs: endedAtMs + (values.submissionLatencyMs ?? 40), latencyMs: 3 }],
    checks: [{ id: 'submission.accepted', ok: true, severity: 'error', message: 'accepted' }],
    samples,
    finalStats: [
      {
        type: 'inbound-rtp',
        kind: 'audio',
        ssrc: 1,
        packetsReceived: received,
        packetsLost: 0,
        jitter,
        jitterBufferDelay: ((values.jitterBufferDelayMs ?? 60) / 1000) * emitted,
        jitterBufferEmittedCount: emitted,
        concealedSamples: 0,
        totalSamplesReceived: emitted,
        totalSamplesDuration: received * 0.02,
        lastPacketReceivedTimestamp: endedAtMs - 100,
      },
    ],
    startedAtMs,
    endedAtMs,
    status: values.status ?? 'passed',
  };
}

export interface ResultsShape {
  id: string;
  /** ISO 8601; default derived from nothing: 2026-01-01T00:00:00.000Z */
  startedAt?: string;
  status?: RunStatus;
  calls: CallResult[];
  /** a soak's results (`callsoak soak`): its calls held for an hour by 2 slots; default: a run */
  soak?: boolean;
}

export function syntheticResults(shape: ResultsShape): RunResults {
  const startedAt = shape.startedAt ?? '2026-01-01T00:00:00.000Z';
  const failed = shape.calls.filter((c) => c.status !== 'passed').length;
  return {
    schemaVersion: 1,
    run: {
      id: shape.id,
      startedAt,
      finishedAt: startedAt.replace(/T00/, 'T01'),
      seed: 7,
      status: shape.status ?? (failed === 0 ? 'passed' : 'failed'),
      browser: { name: 'Chromium', version: '156.0.8078.79' },
      harnessVersion: '0.1.0',
    },
    calls: shape.calls,
    summary: { calls: shape.calls.length, passed: shape.calls.length - failed, failed },
    ...(shape.soak
      ? {
          soak: {
            durationS: 3600,
            elapsedS: 3600,
            concurrentCalls: 2,
            cycle: [...new Set(shape.calls.map((c) => c.scenario))],
            workers: 2,
            callsStarted: shape.calls.length,
            callsFinished: shape.calls.length,
            checks: [],
            series: {},
          },
        }
      : {}),
  };
}

/** `count` calls of `scenario` whose jitter is `jitterMs[i % length]`. */
export function callsWithJitter(scenario: string, jitterMs: number[], count = jitterMs.length): CallResult[] {
  return Array.from({ length: count }, (_, i) => syntheticCall(scenario, i, { jitterMs: jitterMs[i % jitterMs.length]! }));
}
