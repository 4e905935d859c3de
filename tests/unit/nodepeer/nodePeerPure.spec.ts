/**
 * The pure parts of Node peers: which scenarios a Node side can run, how its stats differ
 * from Chromium's, and the WAV reader its microphone plays from.
 */
import { test, expect } from '@playwright/test';
import { runtimeProblems } from '../../../harness/scenario/peerRuntimeRules.ts';
import { validateScenario } from '../../../harness/scenario/validateScenario.ts';
import { describePeer, statsFieldsCheck, statsShapeDifferences } from '../../../harness/engine/checks/peerDifferences.ts';
import { CHROMIUM_AUDIO_STATS_SHAPE } from '../../../harness/stats/chromiumStatsShape.ts';
import { readWavPcm } from '../../../harness/nodepeer/wavPcm.ts';
import { speechWav } from '../../../harness/cli/speechWav.ts';
import type { Scenario } from '../../../harness/scenario/scenarioSchema.ts';

const base: Scenario = {
  id: 'x',
  title: 'x',
  tags: [],
  expectedEndCallReason: 'Hangup_Call',
  timeline: [{ do: 'call' }, { do: 'answer' }, { do: 'talk' }, { do: 'hangup', by: 'consumer' }],
};

/** A snapshot shaped exactly like Chromium's, with the ids Chromium gives. */
function chromiumLikeSnapshot(): Record<string, unknown>[] {
  return Object.entries(CHROMIUM_AUDIO_STATS_SHAPE).map(([type, fields]) => ({
    id: type === 'inbound-rtp' ? 'IT01A123' : `${type}-1`,
    type,
    timestamp: 1,
    ...Object.fromEntries(fields.map((f) => [f, 1])),
    ...(type === 'candidate-pair' ? { nominated: true } : {}),
    ...(type === 'transport' ? { iceState: 'connected' } : {}),
  }));
}

test('a Node side cannot deny, navigate or use a camera; every such field is named at once', () => {
  const scenario: Scenario = {
    ...base,
    business: 'node',
    peers: { business: { microphone: 'denied', video: true } },
    timeline: [...base.timeline, { do: 'deny', role: 'business', device: 'microphone' }, { do: 'navigate', role: 'business' }, { do: 'crash', role: 'business' }],
  };
  expect(runtimeProblems(scenario)).toEqual([
    "peers.business.microphone: 'denied' needs business: 'chromium' (a Node peer has no permission model)",
    "peers.business.video: true needs business: 'chromium' (a Node peer has no camera)",
    "timeline[4]: 'deny' on the business needs business: 'chromium' (a Node peer has no permission model)",
    "timeline[5]: 'navigate' on the business needs business: 'chromium' (a Node peer has no page to navigate away from)",
  ]);
  // The same scenario on Chromium is fine; a Node consumer is not affected by the business's needs.
  expect(runtimeProblems({ ...scenario, business: 'chromium' })).toEqual([]);
  expect(runtimeProblems({ ...scenario, business: undefined, consumer: 'node' })).toEqual([]);
});

test('scenario validation refuses an unknown runtime and a Node side that needs a permission model', () => {
  expect(validateScenario({ ...base, business: 'firefox' })).toEqual({ errors: ["business must be one of 'chromium', 'node', got 'firefox'"] });
  expect(validateScenario({ ...base, consumer: 'node', peers: { consumer: { microphone: 'denied' } } })).toEqual({
    errors: ["peers.consumer.microphone: 'denied' needs consumer: 'chromium' (a Node peer has no permission model)"],
  });
});

test("a snapshot shaped like Chromium's has no differences; a missing report, field and foreign id are each named", () => {
  expect(statsShapeDifferences(chromiumLikeSnapshot())).toEqual([]);
  const snapshot = chromiumLikeSnapshot()
    .filter((s) => s.type !== 'media-playout')
    .map((s) => (s.type === 'inbound-rtp' ? { ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'playoutId')), id: 'RTCInboundRTPAudioStream_123', trackId: 't' } : s));
  snapshot.push({ id: 'T1', type: 'track', timestamp: 1 });
  expect(statsShapeDifferences(snapshot)).toEqual([
    'stats: inbound-rtp lacks playoutId; adds trackId',
    'stats: no media-playout report (Chromium has one)',
    'stats: reports Chromium does not give: track',
    'stats ids: RTCInboundRTPAudioStream_123 (Chromium: IT01A<ssrc>); callsoak matches reports by type and SSRC, never by id',
  ]);
  expect(describePeer('chromium', 'Chromium 156', snapshot).differences).toEqual([]);
  expect(describePeer('node', 'Node', snapshot).differences.length).toBeGreaterThan(4);
});

test('peer.stats_fields fails naming each field callsoak reads that the snapshot lacks', () => {
  expect(statsFieldsCheck('business', 'node', chromiumLikeSnapshot())).toMatchObject({ ok: true });
  const snapshot = chromiumLikeSnapshot().map((s) =>
    s.type === 'inbound-rtp' ? Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'totalSamplesDuration' && k !== 'concealedSamples')) : s,
  );
  expect(statsFieldsCheck('business', 'node', snapshot)).toEqual({
    id: 'peer.stats_fields',
    ok: false,
    severity: 'error',
    message: 'business (node): its final snapshot lacks inbound-rtp.concealedSamples, inbound-rtp.totalSamplesDuration, which callsoak reads (Chromium gives them); payload and checks would see 0 for them',
  });
  // No packets received: the call carried no media, and an idle receiver is not judged.
  const idle = chromiumLikeSnapshot().map((s) => (s.type === 'inbound-rtp' ? { id: 'i', type: 'inbound-rtp', packetsReceived: 0 } : s));
  expect(statsFieldsCheck('business', 'node', idle)).toBeUndefined();
});

test('the WAV reader returns the speech file the Chromium peers play, and names what it cannot play', () => {
  const wav = speechWav({ seconds: 1 });
  const pcm = readWavPcm(wav, 'speech.wav');
  expect(pcm.sampleRate).toBe(48_000);
  expect(pcm.samples.length).toBe(48_000);
  expect(pcm.samples.some((s) => s !== 0)).toBe(true);
  expect(() => readWavPcm(Buffer.from('not a wav file at all'), 'x.wav')).toThrow('x.wav: not a RIFF/WAVE file');
  const stereo = Buffer.from(wav);
  stereo.writeUInt16LE(2, 22); // channel count in the fmt chunk
  expect(() => readWavPcm(stereo, 'stereo.wav')).toThrow('stereo.wav: need 16-bit PCM mono, got format 1, 16 bits, 2 channels');
});
