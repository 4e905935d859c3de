import { test, expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contractChecks } from '../../../harness/contract/contractChecks.ts';
import { asReport, CALL_END_MS, CONTEXT, eightSecondCall, FIRST_AUDIO_MS } from './fixtures/chromiumSnapshot.ts';

test("a team's transform module in a temp dir outside the repo is loaded and checked the same way", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'callsoak-team-'));
  try {
    const file = join(dir, 'team-transform.mjs');
    // A typical team fix of the script: right names, but jitter in ms and a per-call random id suffix.
    writeFileSync(
      file,
      `export function transformRtcStats(stats, context) {
        let inbound, remote;
        stats.forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') inbound = r;
          if (r.type === 'remote-inbound-rtp' && r.kind === 'audio') remote = r;
        });
        return {
          platform: 'messenger',
          call_id: context.callId,
          end_call_reason: context.endCallReason,
          end_call_subreason: context.endCallSubreason + ' #' + Math.floor(Math.random() * 1e9),
          call_ended_time: context.callEndedTime,
          first_audio_packet_received_time: context.firstAudioPacketReceivedTime ?? 0,
          audio_stats: {
            call_ended_time: context.callEndedTime,
            jitter: inbound.jitter * 1000,
            packets_lost: inbound.packetsLost,
            packets_received: inbound.packetsReceived,
            round_trip_time_ms: remote.totalRoundTripTime / remote.roundTripTimeMeasurements * 1000,
            jitter_buffer_delay_ms: inbound.jitterBufferDelay / inbound.jitterBufferEmittedCount * 1000,
            concealed_samples: inbound.concealedSamples,
            silent_concealed_samples: inbound.silentConcealedSamples,
            total_samples_duration_ms: inbound.totalSamplesDuration * 1000,
          },
        };
      }\n`,
    );
    const mod = (await import(pathToFileURL(file).href)) as { transformRtcStats: (s: unknown, c: unknown) => unknown };
    const stats = eightSecondCall();
    const run = () => mod.transformRtcStats(asReport(stats), CONTEXT);
    const results = new Map(
      contractChecks({
        payload: run(),
        transformName: file,
        finalStats: stats,
        context: CONTEXT,
        callEndedAtMs: CALL_END_MS,
        firstAudioAtMs: FIRST_AUDIO_MS,
        recompute: run,
      }).map((r) => [r.id, r]),
    );
    const failed = [...results.values()].filter((r) => !r.ok).map((r) => r.id);
    expect(failed).toEqual(['contract.units.x1000', 'contract.consistent_with_stats.jitter', 'contract.deterministic']);
    expect(results.get('contract.units.x1000')!.message).toContain('audio_stats.jitter is 2.1, 1000× the expected 0.0021 s');
    expect(results.get('contract.deterministic')!.message).toContain(`${file} gave a different payload from the same snapshot`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
