import { test, expect } from '@playwright/test';
import { contractChecks, type ContractCheckInput } from '../../../harness/contract/contractChecks.ts';
import { documentedTransform } from '../../../harness/contract/transforms/documentedTransform.ts';
import { specTransform } from '../../../harness/contract/transforms/specTransform.ts';
import type { CheckResult } from '../../../harness/results/resultsTypes.ts';
import { asReport, CALL_END_MS, CONTEXT, eightSecondCall, FIRST_AUDIO_MS, type Report } from './fixtures/chromiumSnapshot.ts';

type Payload = Record<string, any>;

function specPayload(stats: Report[] = eightSecondCall()): Payload {
  return structuredClone(specTransform(asReport(stats), CONTEXT));
}

function check(overrides: Partial<ContractCheckInput> & { payload: unknown }): Map<string, CheckResult> {
  const results = contractChecks({
    transformName: 'spec',
    finalStats: eightSecondCall(),
    context: CONTEXT,
    callEndedAtMs: CALL_END_MS,
    firstAudioAtMs: FIRST_AUDIO_MS,
    ...overrides,
  });
  const byId = new Map(results.map((r) => [r.id, r]));
  expect(byId.size).toBe(results.length); // ids are unique
  return byId;
}

/** Runs the checks on the spec payload after `mutate`, and returns the one check `id`. */
function afterMutation(id: string, mutate: (p: Payload) => void, overrides: Partial<ContractCheckInput> = {}): CheckResult {
  const payload = specPayload((overrides.finalStats as Report[]) ?? eightSecondCall());
  mutate(payload);
  const result = check({ payload, ...overrides }).get(id);
  expect(result, `check ${id} present`).toBeDefined();
  return result!;
}

test('the spec payload of the 8 s call passes every contract check', () => {
  const stats = eightSecondCall();
  const results = check({ payload: specPayload(), recompute: () => specTransform(asReport(stats), CONTEXT) });
  const failed = [...results.values()].filter((r) => !r.ok);
  expect(failed).toEqual([]);
  expect([...results.keys()]).toEqual([
    'contract.schema',
    'contract.end_call_reason.enum',
    'contract.end_call_reason.matches_call',
    'contract.call_id.matches_call',
    'contract.field_names',
    'contract.audio_stats.call_ended_time',
    'contract.integers',
    'contract.timestamps.seconds',
    'contract.timestamps.order',
    'contract.timestamps.wall_clock',
    'contract.units.x1000',
    'contract.average_not_sum.round_trip_time',
    'contract.average_not_sum.jitter_buffer_delay',
    'contract.concealment.silent_le_concealed',
    'contract.consistent_with_stats.jitter',
    'contract.consistent_with_stats.packets_lost',
    'contract.consistent_with_stats.packets_received',
    'contract.consistent_with_stats.round_trip_time_ms',
    'contract.consistent_with_stats.jitter_buffer_delay_ms',
    'contract.consistent_with_stats.concealed_samples',
    'contract.consistent_with_stats.silent_concealed_samples',
    'contract.consistent_with_stats.total_samples_duration_ms',
    'contract.packets_lost.negative_in_stats',
    'contract.deterministic',
  ]);
});

test('the documented payload fails with the five errors the issue names, each quoting sent and expected values', () => {
  const stats = eightSecondCall();
  const payload = documentedTransform(asReport(stats), CONTEXT);
  const results = check({ payload, transformName: 'documented', recompute: () => documentedTransform(asReport(stats), CONTEXT) });
  const failedErrors = [...results.values()].filter((r) => !r.ok && r.severity === 'error').map((r) => r.id);
  expect(failedErrors).toEqual([
    'contract.schema',
    'contract.end_call_reason.enum',
    'contract.end_call_reason.matches_call',
    'contract.field_names',
    'contract.audio_stats.call_ended_time',
    'contract.average_not_sum.round_trip_time',
    'contract.average_not_sum.jitter_buffer_delay',
    'contract.consistent_with_stats.round_trip_time_ms',
    'contract.consistent_with_stats.jitter_buffer_delay_ms',
  ]);
  // 1. the reason default
  expect(results.get('contract.end_call_reason.enum')!.message).toBe(
    `end_call_reason is "HangupCall" (the documentation script's default), not one of the 22 enum values; expected "Hangup_Call", the reason the agent decided`,
  );
  // 2. _sec keys where the table asks _ms
  const names = results.get('contract.field_names')!.message;
  expect(names).toContain('audio_stats.round_trip_time_sec 0.0606 s is sent where the field table asks for audio_stats.round_trip_time_ms (milliseconds); expected round_trip_time_ms 20.2 ms');
  expect(names).toContain('audio_stats.jitter_buffer_delay_sec 7545.6 s is sent where the field table asks for audio_stats.jitter_buffer_delay_ms (milliseconds); expected jitter_buffer_delay_ms 19.699 ms');
  expect(names).toContain('audio_stats.total_samples_duration_sec 8.02 s is sent where the field table asks for audio_stats.total_samples_duration_ms (milliseconds); expected total_samples_duration_ms 8020 ms');
  // 3. cumulative RTT
  expect(results.get('contract.average_not_sum.round_trip_time')!.message).toBe(
    'audio_stats.round_trip_time_sec is 0.0606, the running sum totalRoundTripTime (0.0606 s over 3 measurements); the round-trip time is the average totalRoundTripTime / 3 = 0.0202 s → round_trip_time_ms 20.2',
  );
  // 4. cumulative jitter-buffer delay
  expect(results.get('contract.average_not_sum.jitter_buffer_delay')!.message).toBe(
    'audio_stats.jitter_buffer_delay_sec is 7545.6, the running sum jitterBufferDelay (7545.6 s over 383040 emitted samples); the jitter-buffer delay is the average jitterBufferDelay / 383040 = 0.0197 s → jitter_buffer_delay_ms 19.699',
  );
  // 5. missing audio_stats.call_ended_time
  expect(results.get('contract.audio_stats.call_ended_time')!.message).toBe(
    'audio_stats.call_ended_time is missing; expected 1718000008 (the top-level call_ended_time, Unix seconds), as the field table lists it',
  );
  expect(results.get('contract.deterministic')!.ok).toBe(true);
});

test.describe('each check fails on a bad payload (and the spec payload passes it, above)', () => {
  test('contract.schema names the field and constraint', () => {
    const r = afterMutation('contract.schema', (p) => (p.audio_stats.packets_received = '400'));
    expect(r).toMatchObject({ ok: false, severity: 'error' });
    expect(r.message).toBe('1 problem(s) against the field-table schema: audio_stats.packets_received must be an integer, got "400"');
  });

  test('contract.end_call_reason.enum and .matches_call', () => {
    expect(afterMutation('contract.end_call_reason.enum', (p) => (p.end_call_reason = 'hangup')).ok).toBe(false);
    const valid = afterMutation('contract.end_call_reason.enum', (p) => (p.end_call_reason = 'Unknown'));
    expect(valid.ok).toBe(true);
    const other = afterMutation('contract.end_call_reason.matches_call', (p) => (p.end_call_reason = 'Unknown'));
    expect(other).toMatchObject({ ok: false, message: 'end_call_reason is "Unknown", but the agent ended the call with "Hangup_Call"; expected "Hangup_Call"' });
  });

  test('contract.call_id.matches_call', () => {
    const r = afterMutation('contract.call_id.matches_call', (p) => (p.call_id = ''));
    expect(r).toMatchObject({ ok: false, message: 'call_id is ""; expected "c_fixture_hangup_1", the id of the call the stats came from' });
  });

  test('contract.field_names: an example name and an unknown key', () => {
    const r = afterMutation('contract.field_names', (p) => {
      p.audio_stats.jitter_sec = p.audio_stats.jitter;
      delete p.audio_stats.jitter;
      p.audio_stats.mos = 4.2;
    });
    expect(r.message).toBe(
      'audio_stats.jitter_sec 0.0021 s is sent where the field table asks for audio_stats.jitter (seconds); expected jitter 0.0021 s; audio_stats.mos 4.2 is not a field of the field table',
    );
  });

  test('contract.audio_stats.call_ended_time: missing or different from the top level', () => {
    expect(afterMutation('contract.audio_stats.call_ended_time', (p) => delete p.audio_stats.call_ended_time).ok).toBe(false);
    const r = afterMutation('contract.audio_stats.call_ended_time', (p) => (p.audio_stats.call_ended_time = 1718000001));
    expect(r.message).toBe('audio_stats.call_ended_time is 1718000001 but the top-level call_ended_time is 1718000008; expected both to be 1718000008');
  });

  test('contract.integers: a fraction, and a negative packets_lost copied from the stats', () => {
    expect(afterMutation('contract.integers', (p) => (p.audio_stats.concealed_samples = 1920.5)).message).toBe(
      'audio_stats.concealed_samples is 1920.5, not an integer; expected a whole number (inbound-rtp concealedSamples)',
    );
    const stats = eightSecondCall({ packetsLost: -3 });
    const r = afterMutation('contract.integers', (p) => (p.audio_stats.packets_lost = -3), { finalStats: stats });
    expect(r.message).toBe(
      'audio_stats.packets_lost is -3, copied from a negative packetsLost (-3: duplicates outnumbered losses, RFC 3550); expected 0 (never negative)',
    );
  });

  test('contract.timestamps.seconds: milliseconds and fractions', () => {
    const ms = afterMutation('contract.timestamps.seconds', (p) => (p.call_ended_time = 1718000008400));
    expect(ms.message).toBe('call_ended_time is 1718000008400, milliseconds since the epoch; expected Unix seconds 1718000008 (÷ 1000)');
    expect(afterMutation('contract.timestamps.seconds', (p) => (p.audio_stats.call_ended_time = 1718000008.4)).ok).toBe(false);
  });

  test('contract.timestamps.order', () => {
    const r = afterMutation('contract.timestamps.order', (p) => (p.first_audio_packet_received_time = 1718000010));
    expect(r.message).toBe('first_audio_packet_received_time 1718000010 is after call_ended_time 1718000008 (by 2 s); expected first audio ≤ call end');
  });

  test('contract.timestamps.wall_clock: far from the call end, first audio when none arrived, first audio off', () => {
    const late = afterMutation('contract.timestamps.wall_clock', (p) => (p.call_ended_time = 1718000068));
    expect(late.message).toBe(
      "call_ended_time is 1718000068 but the call ended at 1718000008.4 s on the harness clock (2024-06-10T06:13:28.400Z), 59.6 s apart; expected 1718000008 ±2 s",
    );
    expect(afterMutation('contract.timestamps.wall_clock', () => {}, { firstAudioAtMs: null }).message).toBe(
      'first_audio_packet_received_time is 1718000000 but no audio packet ever arrived; expected 0',
    );
    expect(afterMutation('contract.timestamps.wall_clock', () => {}, { firstAudioAtMs: FIRST_AUDIO_MS + 5000 }).ok).toBe(false);
    expect(afterMutation('contract.timestamps.wall_clock', () => {}, { callEndedAtMs: CALL_END_MS + 1500 }).ok).toBe(true);
  });

  test('contract.units.x1000: jitter in ms under a seconds name, a duration in seconds under an _ms name', () => {
    const r = afterMutation('contract.units.x1000', (p) => {
      p.audio_stats.jitter = 2.1;
      p.audio_stats.total_samples_duration_ms = 8.02;
    });
    expect(r.message).toBe(
      'audio_stats.jitter is 2.1, 1000× the expected 0.0021 s (inbound-rtp jitter): the value is in milliseconds, the name says seconds; ' +
        'audio_stats.total_samples_duration_ms is 8.02, 1/1000 of the expected 8020 ms (inbound-rtp totalSamplesDuration): the value is in seconds, the name says milliseconds',
    );
  });

  test('contract.average_not_sum: the running sum under an _ms name fails; one measurement cannot tell', () => {
    const sum = afterMutation('contract.average_not_sum.round_trip_time', (p) => (p.audio_stats.round_trip_time_ms = 60.6));
    expect(sum).toMatchObject({ ok: false });
    expect(sum.message).toContain('audio_stats.round_trip_time_ms is 60.6, the running sum totalRoundTripTime (0.0606 s over 3 measurements)');
    const jb = afterMutation('contract.average_not_sum.jitter_buffer_delay', (p) => (p.audio_stats.jitter_buffer_delay_ms = 7545.6));
    expect(jb.ok).toBe(false);
    const single = eightSecondCall({}, { totalRoundTripTime: 0.0202, roundTripTimeMeasurements: 1 });
    const one = afterMutation('contract.average_not_sum.round_trip_time', () => {}, { finalStats: single });
    expect(one).toMatchObject({ ok: true, message: 'audio_stats.round_trip_time_ms 20.2: with 1 measurements a running sum and an average cannot be told apart' });
  });

  test('contract.concealment.silent_le_concealed', () => {
    const r = afterMutation('contract.concealment.silent_le_concealed', (p) => (p.audio_stats.silent_concealed_samples = 3000));
    expect(r.message).toBe(
      'silent_concealed_samples 3000 > concealed_samples 1920: silent concealed samples are a subset of concealed samples; expected silent_concealed_samples ≤ concealed_samples (stats: silentConcealedSamples 960, concealedSamples 1920)',
    );
  });

  test('contract.consistent_with_stats.<field>: exact counters, floats within 1 %, fallback RTT only warns', () => {
    expect(afterMutation('contract.consistent_with_stats.packets_received', (p) => (p.audio_stats.packets_received = 401)).message).toBe(
      'audio_stats.packets_received is 401; expected packets_received 400 = Σ packetsReceived over 1 inbound-rtp report(s), ssrc 2461234567',
    );
    expect(afterMutation('contract.consistent_with_stats.jitter_buffer_delay_ms', (p) => (p.audio_stats.jitter_buffer_delay_ms = 19.8)).ok).toBe(true);
    const off = afterMutation('contract.consistent_with_stats.jitter_buffer_delay_ms', (p) => (p.audio_stats.jitter_buffer_delay_ms = 25));
    expect(off.message).toBe(
      'audio_stats.jitter_buffer_delay_ms is 25 ms; expected jitter_buffer_delay_ms 19.699 ms = jitterBufferDelay 7545.6 s / 383040 emitted samples × 1000 (tolerance ±1 % or 0.05 ms)',
    );
    const noRtcp = eightSecondCall({}, { totalRoundTripTime: 0, roundTripTimeMeasurements: 0, roundTripTime: undefined });
    const fallback = afterMutation('contract.consistent_with_stats.round_trip_time_ms', (p) => (p.audio_stats.round_trip_time_ms = 0), { finalStats: noRtcp });
    expect(fallback).toMatchObject({ ok: false, severity: 'warning' });
    for (const field of ['jitter', 'packets_lost', 'concealed_samples', 'silent_concealed_samples', 'total_samples_duration_ms']) {
      expect(afterMutation(`contract.consistent_with_stats.${field}`, (p) => (p.audio_stats[field] = Math.round(p.audio_stats[field] * 1.1) + 7)).ok, field).toBe(false);
    }
  });

  test('contract.packets_lost.negative_in_stats warns when the stats had a negative packetsLost', () => {
    const stats = eightSecondCall({ packetsLost: -3 });
    const r = afterMutation('contract.packets_lost.negative_in_stats', () => {}, { finalStats: stats });
    expect(r).toMatchObject({ ok: false, severity: 'warning' });
    expect(r.message).toBe(
      'inbound-rtp ssrc 2461234567 reports packetsLost -3 (duplicates outnumbered losses, RFC 3550); the contract counts it as 0 lost and sends packets_lost 0; this payload sent 0',
    );
  });

  test('contract.deterministic: a different second payload, a throwing recompute, an awaited recomputedPayload', () => {
    let n = 0;
    const changing = afterMutation('contract.deterministic', () => {}, {
      recompute: () => ({ ...specPayload(), end_call_subreason: `run ${++n}` }),
      transformName: './team.js',
    });
    expect(changing.ok).toBe(false);
    expect(changing.message).toContain('./team.js gave a different payload from the same snapshot');
    expect(afterMutation('contract.deterministic', () => {}, { recompute: () => { throw new Error('boom'); } }).message).toBe(
      'running spec again on the same snapshot threw: boom',
    );
    expect(afterMutation('contract.deterministic', () => {}, { recomputedPayload: specPayload() }).ok).toBe(true);
    expect(check({ payload: specPayload() }).has('contract.deterministic')).toBe(false);
  });
});

test('a payload that is not an object gets the schema finding alone', () => {
  const results = check({ payload: null });
  expect([...results.values()]).toEqual([
    { id: 'contract.schema', ok: false, severity: 'error', message: '1 problem(s) against the field-table schema: the payload must be an object, got null' },
  ]);
});
