/**
 * The payload contract on real calls: the documentation's transform fails the field table's
 * contract with one error per mistake, and a team's own transform module is run in the page
 * and checked the same way.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { CallResult, RunResults } from '../../harness/results/resultsTypes.ts';

async function run(args: string[]): Promise<{ code: number | null; call: CallResult; stdout: string; out: string }> {
  const out = mkdtempSync(join(tmpdir(), 'callsoak-transform-'));
  const { code, stdout, stderr } = await runCli(['run', '--scenario', 'hangup-call', '--out', out, ...args]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.calls, stderr).toHaveLength(1);
  return { code, call: results.calls[0]!, stdout, out };
}

const failing = (call: CallResult) => Object.fromEntries(call.checks.filter((c) => !c.ok && c.severity === 'error').map((c) => [c.id, c.message]));

test('--transform documented fails the contract with an error per documented mistake, quoting sent and expected values', async () => {
  // 12 s of talk gives RTCP time for several RTT measurements, so a running sum differs from an average.
  const { code, call } = await run(['--transform', 'documented', '--talk-seconds', '12']);
  expect(code).toBe(1);
  const errors = failing(call);
  expect(errors['contract.end_call_reason.enum']).toMatch(/"HangupCall".*expected "Hangup_Call"/);
  expect(errors['contract.field_names']).toMatch(/audio_stats\.jitter_buffer_delay_sec .* where the field table asks for audio_stats\.jitter_buffer_delay_ms/);
  expect(errors['contract.average_not_sum.round_trip_time']).toMatch(/round_trip_time_sec is [\d.]+, the running sum totalRoundTripTime .* → round_trip_time_ms [\d.]+/);
  expect(errors['contract.average_not_sum.jitter_buffer_delay']).toMatch(/jitter_buffer_delay_sec is [\d.]+, the running sum jitterBufferDelay .* → jitter_buffer_delay_ms [\d.]+/);
  expect(errors['contract.audio_stats.call_ended_time']).toMatch(/audio_stats\.call_ended_time is missing; expected \d+/);
  // the endpoint refuses the documented body as Graph would: code 100 naming the field
  expect(call.submissions[0]).toMatchObject({ status: 400, response: { error: { code: 100 } } });
  expect(JSON.stringify(call.submissions[0]!.response)).toContain('end_call_reason');
  // the comparison shows, field by field, where documented and spec differ
  const differences = (call.transforms as { differences: { field: string }[] }).differences.map((d) => d.field);
  expect(differences).toEqual(expect.arrayContaining(['end_call_reason', 'audio_stats.call_ended_time']));
});

test('--transform spec passes every contract check', async () => {
  const { code, call, out } = await run(['--transform', 'spec', '--talk-seconds', '12']);
  expect(failing(call)).toEqual({});
  // A clean call logs nothing (not even a favicon 404), so console.txt only appears when something did.
  expect(call.console).toBeUndefined();
  expect(existsSync(join(out, call.dir!, 'console.txt'))).toBe(false);
  expect(call.checks.filter((c) => c.id.startsWith('contract.')).length).toBeGreaterThan(15);
  expect(code).toBe(0);
});

test("a team's transform module outside the repo runs in the page and is checked like the built-ins", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'team-transform-'));
  const module = join(dir, 'ourTransform.js');
  // A plausible team bug: jitter sent in milliseconds under the seconds key.
  writeFileSync(
    module,
    `export function transformRtcStats(stats, context) {
  let inbound;
  stats.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') inbound = r; });
  console.warn('ourTransform ran for', context.callId);
  return {
    platform: 'messenger', call_id: context.callId, end_call_reason: context.endCallReason,
    end_call_subreason: context.endCallSubreason, call_ended_time: context.callEndedTime,
    first_audio_packet_received_time: context.firstAudioPacketReceivedTime ?? 0,
    audio_stats: {
      call_ended_time: context.callEndedTime, jitter: (inbound?.jitter ?? 0) * 1000 + 5,
      packets_lost: Math.max(0, inbound?.packetsLost ?? 0), packets_received: inbound?.packetsReceived ?? 0,
      round_trip_time_ms: 1, jitter_buffer_delay_ms: 20, concealed_samples: inbound?.concealedSamples ?? 0,
      silent_concealed_samples: inbound?.silentConcealedSamples ?? 0,
      total_samples_duration_ms: (inbound?.totalSamplesDuration ?? 0) * 1000,
    },
  };
}\n`,
  );
  const { code, call, out } = await run(['--transform', module, '--talk-seconds', '4']);
  expect(code).toBe(1);
  expect(call.transform).toBe(module);
  // What the module logged in the page is on record, in results.json and the call's console.txt.
  expect(call.console?.business).toEqual(expect.arrayContaining([`warning: ourTransform ran for ${call.callId}`]));
  expect(readFileSync(join(out, call.dir!, 'console.txt'), 'utf8')).toMatch(new RegExp(`^business: warning: ourTransform ran for ${call.callId}$`, 'm'));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  expect(html).toContain('<h3>Console</h3>');
  expect(html.slice(html.indexOf('<h3>Console</h3>'))).toMatch(new RegExp(`^business: warning: ourTransform ran for ${call.callId}$`, 'm'));
  expect(failing(call)['contract.consistent_with_stats.jitter']).toMatch(/audio_stats\.jitter/);
  expect(call.submissions[0]).toMatchObject({ status: 200 }); // well-formed, so Graph takes it: only the checks see the bug
});

test('a transform module that throws, or returns a non-object, is named in a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'team-transform-'));
  const throwing = join(dir, 'throwing.js');
  writeFileSync(throwing, `export function transformRtcStats() { throw new TypeError('stats.get is not a function'); }\n`);
  const { code, call } = await run(['--transform', throwing, '--talk-seconds', '2']);
  expect(code).toBe(1);
  expect(failing(call)['payload.built']).toBe(`transform ${throwing} threw TypeError: stats.get is not a function`);
  expect(call.submissions).toEqual([]);

  const stringy = join(dir, 'stringy.js');
  writeFileSync(stringy, `export function transformRtcStats() { return 'payload'; }\n`);
  const second = await run(['--transform', stringy, '--talk-seconds', '2']);
  expect(failing(second.call)['payload.built']).toBe(`transform ${stringy} returned string, expected the payload object`);
});
