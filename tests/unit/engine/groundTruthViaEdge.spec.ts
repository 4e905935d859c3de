/**
 * truth.packets_lost with the media edge in the path: the edge's holes (losses before it) joined
 * with the relay's drops on the receiver's down leg, against the receiver's packetsLost. Built
 * reports and legs, no network.
 */
import { test, expect } from '@playwright/test';
import { groundTruthChecks } from '../../../harness/engine/checks/groundTruthChecks.ts';
import { inboundAudioStreams, packetsLostViaEdge } from '../../../harness/engine/checks/packetsLostViaEdge.ts';
import type { CallState } from '../../../harness/engine/timelineSteps.ts';
import type { EdgeCallReport, EdgeStreamGaps } from '../../../harness/platform/mediaEdge.ts';
import type { LegGroundTruth } from '../../../harness/relay/core/groundTruthTypes.ts';
import { legTruth } from './support/legTruth.ts';

const CONSUMER_SSRC = 1111;
const EDGE_TO_BUSINESS = 2222;
const EDGE_TO_BUSINESS_MID1 = 3333;

function leg(role: 'consumer' | 'business', direction: 'up' | 'down', ssrc: number, droppedPositions: number[], extra: Partial<LegGroundTruth> = {}): LegGroundTruth {
  return legTruth({
    callId: 'c1', role, direction, ssrc, offered: 500, delivered: 500 - droppedPositions.length,
    dropped: { loss: droppedPositions.length, queue: 0, blackout: 0 }, droppedPositions, ...extra,
  });
}

function stream(toSsrc: number, upstreamGapPositions: number[], extra: Partial<EdgeStreamGaps> = {}): EdgeStreamGaps {
  return {
    to: 'business', toSsrc, mid: '0', fromSsrcs: [CONSUMER_SSRC], forwarded: 400, upstreamGapPositions, upstreamGaps: upstreamGapPositions.length,
    notForwardedPositions: [], duplicates: 0, gapPositionsCapped: false, ...extra,
  };
}

const inbound = (ssrc: number, packetsReceived: number, packetsLost: number, mid?: string) => ({
  type: 'inbound-rtp', kind: 'audio', ssrc, packetsReceived, packetsLost, ...(mid ? { mid } : {}),
});

// the relay dropped 4 on consumer up: the first before the business leg existed (before the
// edge's position 0), three the edge saw as holes at 3, 7, 8; and 1 on business down at 20
const legs = [leg('consumer', 'up', CONSUMER_SSRC, [0, 40, 44, 45]), leg('business', 'down', EDGE_TO_BUSINESS, [20])];

test('the receiver reports the union of the edge\'s holes and the relay\'s down-leg drops: passes, saying what came from where', () => {
  const check = packetsLostViaEdge({ receiver: 'business', inbound: [{ ssrc: EDGE_TO_BUSINESS, packetsReceived: 96, packetsLost: 4, mid: '0' }], legs, streams: [stream(EDGE_TO_BUSINESS, [3, 7, 8])] });
  expect(check).toEqual({
    id: 'truth.packets_lost.business',
    ok: true,
    severity: 'error',
    message:
      "business reports packetsLost 4 for SSRC 2222 (mid 0), the edge's stream from consumer SSRC 1111; before the last packet delivered: " +
      '3 never reached the edge (gaps in its stream; the relay dropped 4 on consumer up over the whole call) + 1 the relay dropped on business down − 0 duplicated = 4 lost; allowed ±3',
  });
});

test('a receiver that misses the losses before the edge fails (what the direct-path check could not see)', () => {
  const check = packetsLostViaEdge({ receiver: 'business', inbound: [{ ssrc: EDGE_TO_BUSINESS, packetsReceived: 96, packetsLost: 0 }], legs, streams: [stream(EDGE_TO_BUSINESS, [3, 7, 8, 9, 10])] });
  expect(check?.ok).toBe(false);
  expect(check?.message).toBe(
    "business reports packetsLost 0 for SSRC 2222, the edge's stream from consumer SSRC 1111; before the last packet delivered: " +
      '5 never reached the edge (gaps in its stream; the relay dropped 4 on consumer up over the whole call) + 1 the relay dropped on business down − 0 duplicated = 6 lost; allowed ±3',
  );
});

test('horizon, restart-sized outages, duplicates and the edge\'s own drops all count as the relay-only check counts them', () => {
  // positions 0–99 seen by the receiver as 100 received + lost; a 60-packet outage (10–69) is a restart to libwebrtc
  const outage = Array.from({ length: 60 }, (_, i) => 10 + i);
  const check = packetsLostViaEdge({
    receiver: 'business',
    inbound: [{ ssrc: EDGE_TO_BUSINESS, packetsReceived: 40, packetsLost: 3 }],
    legs: [leg('business', 'down', EDGE_TO_BUSINESS, [80, 150], { duplicated: 1 })],
    streams: [stream(EDGE_TO_BUSINESS, [5, ...outage], { notForwardedPositions: [90], duplicates: 1, upstreamGaps: 61 })],
  });
  // counted: 5 (gap) + 80 (down) + 90 (edge) = 3; 150 is past the horizon (40 + 3 + 60 = 103); 2 duplicates
  expect(check?.message).toBe(
    "business reports packetsLost 3 for SSRC 2222, the edge's stream from consumer SSRC 1111; before the last packet delivered: " +
      '1 (and 60 in outages) never reached the edge (gaps in its stream; the relay dropped 0 on consumer up over the whole call) + 1 the relay dropped on business down + 1 the edge received and did not forward' +
      " − 2 duplicated = 1 lost (1 more missing after it, which no receiver can count); 1 outage(s) of 60 packets exceed libwebrtc's 50-packet restart threshold and are not loss to it; allowed ±3",
  );
  expect(check?.ok).toBe(true);
});

test('after the renegotiation both of the business\'s inbound streams are compared, each with its own edge stream', () => {
  const stats = [inbound(EDGE_TO_BUSINESS, 10, 0, '0'), inbound(EDGE_TO_BUSINESS_MID1, 90, 9, '1'), { type: 'outbound-rtp', kind: 'audio', ssrc: 5 }];
  const streams = [stream(EDGE_TO_BUSINESS, []), stream(EDGE_TO_BUSINESS_MID1, [1, 2, 3, 4, 5, 6, 7, 8, 9], { mid: '1' })];
  const check = packetsLostViaEdge({ receiver: 'business', inbound: inboundAudioStreams(stats), legs: [], streams });
  expect(check?.ok).toBe(true);
  expect(check?.message).toBe(
    "business reports 2 inbound audio streams, each compared with the edge's stream of its SSRC: " +
      "business reports packetsLost 0 for SSRC 2222 (mid 0), the edge's stream from consumer SSRC 1111; before the last packet delivered: 0 never reached the edge (gaps in its stream; the relay dropped 0 on consumer up over the whole call) + 0 the relay dropped on business down − 0 duplicated = 0 lost; allowed ±3" +
      " | business reports packetsLost 9 for SSRC 3333 (mid 1), the edge's stream from consumer SSRC 1111; before the last packet delivered: 9 never reached the edge (gaps in its stream; the relay dropped 0 on consumer up over the whole call) + 0 the relay dropped on business down − 0 duplicated = 9 lost; allowed ±3",
  );
  // one wrong stream fails the check, though the other is right
  const wrong = packetsLostViaEdge({ receiver: 'business', inbound: inboundAudioStreams([inbound(EDGE_TO_BUSINESS, 10, 0, '0'), inbound(EDGE_TO_BUSINESS_MID1, 90, 0, '1')]), legs: [], streams });
  expect(wrong?.ok).toBe(false);
});

test('an inbound SSRC the edge never wrote fails, naming the streams it did write', () => {
  const check = packetsLostViaEdge({ receiver: 'business', inbound: [{ ssrc: 4444, packetsReceived: 90, packetsLost: 0, mid: '1' }], legs, streams: [stream(EDGE_TO_BUSINESS, [])] });
  expect(check).toMatchObject({ ok: false, id: 'truth.packets_lost.business' });
  expect(check?.message).toBe('business reports packetsLost 0 for SSRC 4444 (mid 1); the edge wrote no stream with that SSRC to the business (its streams: 2222 (mid 0)), so its losses cannot be placed');
});

test('groundTruthChecks uses the edge\'s streams when given its report, the relay\'s legs alone when not', () => {
  const state = { legs: new Map(), impairments: [] } as unknown as CallState;
  const businessStats = [inbound(EDGE_TO_BUSINESS, 95, 5)];
  const report = { received: { consumer: 0, business: 0 }, forwarded: { toBusiness: 0, toConsumer: 0 }, firstAudioToBusinessAtMs: null, dtmf: [], differences: [], streams: [stream(EDGE_TO_BUSINESS, [3, 7, 8, 9])] } satisfies EdgeCallReport;
  const withEdge = groundTruthChecks({ legs, state, businessStats, consumerStats: [], edge: report }).find((c) => c.id === 'truth.packets_lost.business');
  expect(withEdge?.ok).toBe(true);
  // without the report only the down leg matches the receiver's SSRC: the losses before the edge are missing
  const direct = groundTruthChecks({ legs, state, businessStats, consumerStats: [] }).find((c) => c.id === 'truth.packets_lost.business');
  expect(direct).toMatchObject({ ok: false });
  expect(direct?.message).toBe('business reports packetsLost 5 for SSRC 2222; the relay dropped 1 and duplicated 0 of its packets on consumer up + business down before the last one it delivered, so 1 lost; allowed ±3');
});
