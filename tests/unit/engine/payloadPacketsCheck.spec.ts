/**
 * truth.payload_packets.business: an external business's packets_received and packets_lost
 * against what the network did on the way to it, with the payloads and relay legs of a real
 * external run. The edge's per-stream report is not in results.json, so each test rebuilds it:
 * the stream's upstream gaps are the consumer uplink's drops (the run's own message comes out
 * the same). Covers a pass, a count short of what was delivered (a renegotiation ignored), a
 * wrong loss count, the allowed range's edges, a restart-sized outage, and no verdict.
 */
import { test, expect } from '@playwright/test';
import { payloadPacketsCheck } from '../../../harness/engine/checks/payloadPacketsCheck.ts';
import type { EdgeStreamGaps } from '../../../harness/results/edgeStreamGaps.ts';
import { externalCall, rtpLeg, type ExternalRunCall } from './fixtures/externalRun.ts';

function stream(s: Pick<EdgeStreamGaps, 'toSsrc' | 'mid'> & Partial<EdgeStreamGaps>): EdgeStreamGaps {
  return { to: 'business', fromSsrcs: [1], forwarded: 0, upstreamGapPositions: [], upstreamGaps: 0, notForwardedPositions: [], duplicates: 0, gapPositionsCapped: false, ...s };
}

/** the edge's one stream to the business, its gaps where the consumer's uplink dropped */
function oneStream(call: ExternalRunCall, extra: Partial<EdgeStreamGaps> = {}): EdgeStreamGaps[] {
  const up = rtpLeg(call, 'consumer', 'up');
  const down = rtpLeg(call, 'business', 'down');
  return [
    stream({ toSsrc: down.ssrc!, mid: '0', fromSsrcs: [up.ssrc!], forwarded: down.offered, upstreamGapPositions: up.droppedPositions, upstreamGaps: up.droppedPositions.length, ...extra }),
    // the stream to the consumer is the other direction's: never counted here
    stream({ to: 'consumer', toSsrc: rtpLeg(call, 'consumer', 'down').ssrc!, mid: '0', upstreamGaps: 99, upstreamGapPositions: [1, 2, 3] }),
  ];
}

function withStats(call: ExternalRunCall, stats: Record<string, unknown>): Record<string, unknown> {
  return { ...call.payload, audio_stats: { ...(call.payload.audio_stats as object), ...stats } };
}

const LOSSY_TRUTH = 'over the 1 stream the edge wrote to the business (SSRC 1709626352) the relay delivered 237 on business down, and 14 were lost (9 never reached or left the edge + 5 the relay dropped on business down − 0 duplicated); allowed: received 212…240 (the last packets may arrive after the final stats), lost ±5';

test('5 % loss on both legs, counted as the network lost it: passes, naming both places packets went missing', () => {
  const call = externalCall('external-lossy-network');
  const check = payloadPacketsCheck({ payload: call.payload, legs: call.legs, streams: oneStream(call) });
  expect(check).toEqual({ id: 'truth.payload_packets.business', ok: true, severity: 'error', message: `payload packets_received 237, packets_lost 14; ${LOSSY_TRUTH}` });
});

test('a business that reports no loss on a lossy path fails; off by the allowed 5 passes, by 6 fails', () => {
  const call = externalCall('external-lossy-network');
  const judge = (lost: number) => payloadPacketsCheck({ payload: withStats(call, { packets_lost: lost }), legs: call.legs, streams: oneStream(call) });
  expect(judge(0)).toEqual({ id: 'truth.payload_packets.business', ok: false, severity: 'error', message: `payload packets_received 237, packets_lost 0; ${LOSSY_TRUTH}` });
  expect(judge(9).ok).toBe(true);
  expect(judge(19).ok).toBe(true);
  expect(judge(8).ok).toBe(false);
  expect(judge(20).ok).toBe(false);
});

test('received may fall short of delivered by 25 packets (the last ones arrive after the final stats) and exceed it by 3, no more', () => {
  const call = externalCall('external-lossy-network');
  const judge = (received: number) => payloadPacketsCheck({ payload: withStats(call, { packets_received: received }), legs: call.legs, streams: oneStream(call) });
  expect(judge(212).ok).toBe(true);
  expect(judge(240).ok).toBe(true);
  expect(judge(211)).toMatchObject({ ok: false, message: `payload packets_received 211, packets_lost 14; ${LOSSY_TRUTH} — the business counted far fewer packets than the network delivered to it (a stream it never received, e.g. Meta's renegotiated m-line?)` });
  expect(judge(241)).toMatchObject({ ok: false, message: `payload packets_received 241, packets_lost 14; ${LOSSY_TRUTH} — more than the network delivered` });
});

test('duplicated packets are not loss: the edge’s and the relay’s duplicates come off the truth', () => {
  const call = externalCall('external-lossy-network');
  rtpLeg(call, 'business', 'down').duplicated = 1;
  const check = payloadPacketsCheck({ payload: withStats(call, { packets_lost: 11 }), legs: call.legs, streams: oneStream(call, { duplicates: 2 }) });
  expect(check.ok).toBe(true);
  expect(check.message).toContain('and 11 were lost (9 never reached or left the edge + 5 the relay dropped on business down − 3 duplicated)');
});

test("a 3 s blackout towards the business is an outage libwebrtc does not count as loss: reporting 0 lost passes, the note says why", () => {
  const call = externalCall('external-blackout');
  const check = payloadPacketsCheck({ payload: call.payload, legs: call.legs, streams: oneStream(call) });
  expect(check).toEqual({
    id: 'truth.payload_packets.business',
    ok: true,
    severity: 'error',
    message:
      "payload packets_received 204, packets_lost 0; over the 1 stream the edge wrote to the business (SSRC 3619375068) the relay delivered 204 on business down, and 0 were lost (0 never reached or left the edge + 0 the relay dropped on business down − 0 duplicated; 1 outage(s) of 150 packets exceed libwebrtc's 50-packet restart threshold and are not loss to it); allowed: received 179…207 (the last packets may arrive after the final stats), lost ±5",
  });
  // the same 150 packets reported lost is not what a receiver counts
  expect(payloadPacketsCheck({ payload: withStats(call, { packets_lost: 150 }), legs: call.legs, streams: oneStream(call) }).ok).toBe(false);
});

test("Meta's renegotiation: the audio moved to a second stream; a business that followed it passes, one that ignored it counted too few and fails", () => {
  const call = externalCall('external-renegotiation');
  // mid 0 (the accept's stream) carried no RTP before the renegotiated m-line took over; mid 1 carried it all
  const streams = [stream({ toSsrc: 1516515557, mid: '0', forwarded: 0 }), stream({ toSsrc: 2054951156, mid: '1', forwarded: 256 })];
  const truth = 'over the 2 streams the edge wrote to the business (SSRC 1516515557, 2054951156, mids 0, 1) the relay delivered 256 on business down, and 0 were lost (0 never reached or left the edge + 0 the relay dropped on business down − 0 duplicated); allowed: received 231…259 (the last packets may arrive after the final stats), lost ±5';
  expect(payloadPacketsCheck({ payload: call.payload, legs: call.legs, streams })).toEqual({ id: 'truth.payload_packets.business', ok: true, severity: 'error', message: `payload packets_received 256, packets_lost 0; ${truth}` });
  const ignored = payloadPacketsCheck({ payload: withStats(call, { packets_received: 0 }), legs: call.legs, streams });
  expect(ignored).toEqual({
    id: 'truth.payload_packets.business',
    ok: false,
    severity: 'error',
    message: `payload packets_received 0, packets_lost 0; ${truth} — the business counted far fewer packets than the network delivered to it (a stream it never received, e.g. Meta's renegotiated m-line?)`,
  });
});

test('no verdict without a payload, without both counts in it, or when the edge wrote nothing to the business (a declined call)', () => {
  const call = externalCall('external-lossy-network');
  const noVerdict = (message: string) => ({ id: 'truth.payload_packets.business', ok: true, noVerdict: true, severity: 'error', message });
  expect(payloadPacketsCheck({ payload: null, legs: call.legs, streams: oneStream(call) })).toEqual(noVerdict('no /call_metrics payload to compare with the network (no verdict)'));
  const { packets_lost: _lost, ...withoutLost } = call.payload.audio_stats as Record<string, unknown>;
  expect(payloadPacketsCheck({ payload: { ...call.payload, audio_stats: { ...withoutLost, packets_received: '237' } }, legs: call.legs, streams: oneStream(call) })).toEqual(
    noVerdict("the payload's audio_stats has packets_received absent and packets_lost absent (the contract checks report that), so nothing to compare with the network (no verdict)"),
  );
  expect(payloadPacketsCheck({ payload: { ...call.payload, audio_stats: withoutLost }, legs: call.legs, streams: oneStream(call) }).message).toBe(
    "the payload's audio_stats has packets_received 237 and packets_lost absent (the contract checks report that), so nothing to compare with the network (no verdict)",
  );
  const declined = externalCall('external-decline');
  const nothing = noVerdict('the edge wrote no stream to the business, so the network delivered it nothing to count (no verdict)');
  expect(payloadPacketsCheck({ payload: declined.payload, legs: declined.legs, streams: undefined })).toEqual(nothing);
  expect(payloadPacketsCheck({ payload: call.payload, legs: call.legs, streams: oneStream(call).filter((s) => s.to === 'consumer') })).toEqual(nothing);
});

test('when the relay stopped listing drop positions at its cap, no outage can be placed: every drop counts as lost', () => {
  const call = externalCall('external-blackout');
  const down = rtpLeg(call, 'business', 'down');
  down.droppedPositions = down.droppedPositions.slice(0, 10);
  down.droppedPositionsCapped = true;
  const check = payloadPacketsCheck({ payload: withStats(call, { packets_lost: 150 }), legs: call.legs, streams: oneStream(call) });
  expect(check.ok).toBe(true);
  expect(check.message).toContain('and 150 were lost (0 never reached or left the edge + 150 the relay dropped on business down − 0 duplicated); allowed:');
});
