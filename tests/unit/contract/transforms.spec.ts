import { test, expect } from '@playwright/test';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { documentedTransform } from '../../../harness/contract/transforms/documentedTransform.ts';
import { specTransform, specTransformWithNotes } from '../../../harness/contract/transforms/specTransform.ts';
import { validatePayload } from '../../../harness/contract/validatePayload.ts';
import { asReport, CONTEXT, eightSecondCall, inboundAudio, otherReports, remoteInboundAudio, type Report } from './fixtures/chromiumSnapshot.ts';

const noteFor = (notes: { field: string; message: string }[], field: string) => notes.filter((n) => n.field === field).map((n) => n.message);

test.describe('documented transform (the documentation script, as it behaves)', () => {
  test('maps the 8 s call with _sec keys, running sums, the script defaults and no audio_stats.call_ended_time', () => {
    expect(documentedTransform(asReport(eightSecondCall()), CONTEXT)).toEqual({
      platform: 'messenger',
      call_id: 'c_fixture_hangup_1',
      end_call_reason: 'HangupCall',
      end_call_subreason: 'Conversation was finished',
      call_ended_time: 1718000008,
      first_audio_packet_received_time: 1718000000,
      audio_stats: {
        jitter_sec: 0.0021,
        packets_lost: 2,
        packets_received: 400,
        round_trip_time_sec: 0.0606,
        jitter_buffer_delay_sec: 7545.6,
        concealed_samples: 1920,
        silent_concealed_samples: 960,
        total_samples_duration_sec: 8.02,
      },
    });
  });

  test('keeps its default reason whatever the agent decided', () => {
    const payload = documentedTransform(asReport(eightSecondCall()), { ...CONTEXT, endCallReason: 'Connection_Dropped' });
    expect(payload.end_call_reason).toBe('HangupCall');
  });

  test('last report wins: the later inbound-rtp audio replaces the earlier, video is skipped', () => {
    const stats = [
      inboundAudio({ id: 'IT-a', ssrc: 1, packetsReceived: 400 }),
      { ...inboundAudio({ id: 'IT-video', ssrc: 3, packetsReceived: 9000 }), kind: 'video', mediaType: 'video' },
      inboundAudio({ id: 'IT-b', ssrc: 2, packetsReceived: 10, packetsLost: -1 }),
    ];
    const audio = documentedTransform(asReport(stats), CONTEXT).audio_stats as Report;
    expect(audio.packets_received).toBe(10);
    expect(audio.packets_lost).toBe(-1);
  });

  test('a missing report leaves its keys out; no audio at all sends first audio 0', () => {
    const noRtcp = documentedTransform(asReport([...otherReports(), inboundAudio({ jitter: undefined })]), CONTEXT);
    expect(Object.keys(noRtcp.audio_stats as Report)).toEqual([
      'packets_lost',
      'packets_received',
      'jitter_buffer_delay_sec',
      'concealed_samples',
      'silent_concealed_samples',
      'total_samples_duration_sec',
    ]);
    const noMedia = documentedTransform(asReport(otherReports()), { ...CONTEXT, firstAudioPacketReceivedTime: null });
    expect(noMedia.audio_stats).toEqual({});
    expect(noMedia.first_audio_packet_received_time).toBe(0);
  });
});

test.describe('spec transform (what a correct client sends)', () => {
  test('the 8 s call: table names, ms averages, audio_stats.call_ended_time, schema-valid, no notes', () => {
    const { payload, notes } = specTransformWithNotes(asReport(eightSecondCall()), CONTEXT);
    expect(payload).toEqual({
      platform: 'messenger',
      call_id: 'c_fixture_hangup_1',
      end_call_reason: 'Hangup_Call',
      end_call_subreason: 'Consumer hung up',
      call_ended_time: 1718000008,
      first_audio_packet_received_time: 1718000000,
      audio_stats: {
        call_ended_time: 1718000008,
        jitter: 0.0021,
        packets_lost: 2,
        packets_received: 400,
        round_trip_time_ms: 20.2, // 0.0606 s / 3 measurements
        jitter_buffer_delay_ms: 19.699, // 7545.6 s / 383040 samples = 19.6992 ms
        concealed_samples: 1920,
        silent_concealed_samples: 960,
        total_samples_duration_ms: 8020,
      },
    });
    expect(notes).toEqual([]);
    expect(validatePayload(payload, 'table')).toEqual([]);
    expect(specTransform(asReport(eightSecondCall()), CONTEXT)).toEqual(payload);
  });

  test('no media yet: explicit zeros, first audio 0, and a note for each gap', () => {
    const { payload, notes } = specTransformWithNotes(asReport([]), { ...CONTEXT, firstAudioPacketReceivedTime: null });
    expect(payload.audio_stats).toEqual({
      call_ended_time: 1718000008,
      jitter: 0,
      packets_lost: 0,
      packets_received: 0,
      round_trip_time_ms: 0,
      jitter_buffer_delay_ms: 0,
      concealed_samples: 0,
      silent_concealed_samples: 0,
      total_samples_duration_ms: 0,
    });
    expect(payload.first_audio_packet_received_time).toBe(0);
    expect(noteFor(notes, 'audio_stats')).toEqual(['no inbound-rtp audio report: no audio packet arrived; every receive counter sent as 0']);
    expect(noteFor(notes, 'first_audio_packet_received_time')).toEqual(['no audio packet ever arrived; sent 0']);
    expect(noteFor(notes, 'audio_stats.round_trip_time_ms')[0]).toContain('no round-trip time measured at all');
    expect(validatePayload(payload, 'table')).toEqual([]);
  });

  test('no RTCP RTT yet: the ICE pair STUN RTT (0.036 s / 9 responses = 4 ms), noted; Safari-style latest RTT used as is', () => {
    const early = specTransformWithNotes(asReport(eightSecondCall({}, { totalRoundTripTime: 0, roundTripTimeMeasurements: 0, roundTripTime: undefined })), CONTEXT);
    expect(early.payload.audio_stats.round_trip_time_ms).toBe(4);
    expect(noteFor(early.notes, 'audio_stats.round_trip_time_ms')[0]).toContain("ICE candidate pair's STUN round-trip time");
    const safari = specTransformWithNotes(asReport(eightSecondCall({}, { totalRoundTripTime: undefined, roundTripTimeMeasurements: undefined })), CONTEXT);
    expect(safari.payload.audio_stats.round_trip_time_ms).toBe(19.8);
    expect(noteFor(safari.notes, 'audio_stats.round_trip_time_ms')[0]).toContain('sent the latest roundTripTime');
  });

  test('negative packetsLost is sent as 0 for that SSRC and noted; it does not cancel another SSRC’s loss', () => {
    const one = specTransformWithNotes(asReport(eightSecondCall({ packetsLost: -3 })), CONTEXT);
    expect(one.payload.audio_stats.packets_lost).toBe(0);
    expect(noteFor(one.notes, 'audio_stats.packets_lost')).toEqual([
      'inbound-rtp ssrc 2461234567 reports packetsLost -3 (more duplicates than losses, RFC 3550); counted as 0 lost',
    ]);
    const two = specTransformWithNotes(
      asReport([inboundAudio({ id: 'IT-a', ssrc: 1, packetsLost: 5 }), inboundAudio({ id: 'IT-b', ssrc: 2, packetsLost: -2 })]),
      CONTEXT,
    );
    expect(two.payload.audio_stats.packets_lost).toBe(5);
  });

  test('an SSRC change on one track: counters summed, jitter from the SSRC with the latest packet, order-independent', () => {
    const old = inboundAudio({ id: 'IT-old', ssrc: 11, packetsReceived: 200, packetsLost: 1, jitter: 0.005, lastPacketReceivedTimestamp: 1_718_000_004_000, concealedSamples: 100, silentConcealedSamples: 0, jitterBufferDelay: 4000, jitterBufferEmittedCount: 190_000, totalSamplesDuration: 4 });
    const now = inboundAudio({ id: 'IT-new', ssrc: 12, packetsReceived: 150, packetsLost: 2, jitter: 0.001, lastPacketReceivedTimestamp: 1_718_000_008_000, concealedSamples: 50, silentConcealedSamples: 20, jitterBufferDelay: 3000, jitterBufferEmittedCount: 150_000, totalSamplesDuration: 3.1 });
    const forward = specTransformWithNotes(asReport([old, now]), CONTEXT).payload.audio_stats;
    const backward = specTransformWithNotes(asReport([now, old]), CONTEXT).payload.audio_stats;
    expect(forward).toEqual(backward);
    expect(forward).toMatchObject({
      packets_received: 350,
      packets_lost: 3,
      jitter: 0.001,
      concealed_samples: 150,
      silent_concealed_samples: 20,
      jitter_buffer_delay_ms: 20.588, // 7000 s / 340000 samples
      total_samples_duration_ms: 7100,
    });
  });

  test('two audio receivers: the one with the most packets is the call’s, and the choice is noted', () => {
    const main = inboundAudio({ id: 'IT-main', trackIdentifier: 'main', packetsReceived: 400 });
    const stray = inboundAudio({ id: 'IT-stray', trackIdentifier: 'stray', packetsReceived: 3, jitter: 0.9 });
    const { payload, notes } = specTransformWithNotes(asReport([stray, main]), CONTEXT);
    expect(payload.audio_stats.packets_received).toBe(400);
    expect(payload.audio_stats.jitter).toBe(0.0021);
    expect(noteFor(notes, 'audio_stats')).toEqual(['2 audio receivers in the snapshot; used track:main, the one with the most packets received (400)']);
  });

  test('nothing played out: jitter_buffer_delay_ms 0, noted; inconsistent silent > concealed clamped, noted', () => {
    const idle = specTransformWithNotes(asReport(eightSecondCall({ jitterBufferEmittedCount: 0, jitterBufferDelay: 0, silentConcealedSamples: 5000, concealedSamples: 100 })), CONTEXT);
    expect(idle.payload.audio_stats.jitter_buffer_delay_ms).toBe(0);
    expect(idle.payload.audio_stats.silent_concealed_samples).toBe(100);
    expect(noteFor(idle.notes, 'audio_stats.jitter_buffer_delay_ms')).toEqual(['jitterBufferEmittedCount is 0 (no audio was played out); sent 0']);
    expect(noteFor(idle.notes, 'audio_stats.silent_concealed_samples')[0]).toContain('silentConcealedSamples 5000 > concealedSamples 100');
  });

  test('older Chromium reports (mediaType, no kind) are read too', () => {
    const legacy = { ...inboundAudio(), kind: undefined };
    expect(specTransform(asReport([legacy]), CONTEXT).audio_stats).toMatchObject({ packets_received: 400 });
  });

  test('a context in milliseconds is converted to seconds and noted', () => {
    const { payload, notes } = specTransformWithNotes(asReport(eightSecondCall()), { ...CONTEXT, callEndedTime: 1_718_000_008_400 });
    expect(payload.call_ended_time).toBe(1718000008);
    expect(payload.audio_stats.call_ended_time).toBe(1718000008);
    expect(noteFor(notes, 'call_ended_time')).toEqual(['the call context gives 1718000008400, which is milliseconds; sent 1718000008 s']);
  });
});

test('the transforms (and compareTransforms) bundle for the browser without node modules and run in a bare JS context', async () => {
  const dir = fileURLToPath(new URL('../../../harness/contract/transforms/', import.meta.url));
  const result = await build({
    stdin: {
      // compareTransforms.ts too: the page imports callContextFrom from it
      contents:
        "export { specTransform } from './specTransform.ts'; export { documentedTransform } from './documentedTransform.ts'; export { compareTransforms } from '../compareTransforms.ts';",
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'transforms',
    write: false,
    metafile: true,
    absWorkingDir: fileURLToPath(new URL('../../../', import.meta.url)),
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.filter((p) => p !== '<stdin>' && !p.startsWith('harness/contract/'))).toEqual([]);
  expect(inputs).toContain('harness/contract/transforms/audioFacts.ts');
  const code = result.outputFiles[0]!.text;
  // A fresh V8 context: no require, no process, no Buffer — only what a page also has.
  const out = runInNewContext(
    `${code}; const stats = new Map(JSON.parse(snapshot).map((r) => [r.id, r]));
     JSON.stringify([transforms.specTransform(stats, context), transforms.documentedTransform(stats, context),
       transforms.compareTransforms({ chosen: 'spec', posted: null, finalStats: JSON.parse(snapshot), context }).differences.length]);`,
    { snapshot: JSON.stringify(eightSecondCall()), context: CONTEXT },
  ) as string;
  const [spec, documented, differences] = JSON.parse(out);
  expect(differences).toBeGreaterThan(0);
  expect(spec).toEqual(specTransform(asReport(eightSecondCall()), CONTEXT));
  expect(documented).toEqual(documentedTransform(asReport(eightSecondCall()), CONTEXT));
});
