/**
 * The relay's per payload type counts of an RTP flow: Opus beside telephone-event, delivery
 * times under delay, drops, the 16-type bound, and RTCP (RFC 5761 demux) left out.
 */
import { test, expect } from '@playwright/test';
import { MAX_PAYLOAD_TYPES } from '../../../harness/relay/core/payloadTypeCounts.ts';
import { PipelineRig, rtpPacket } from './support/pipelineHarness.ts';

/** the same packet with another payload type and, optionally, the marker bit */
const withPayloadType = (packet: Buffer, payloadType: number, marker = false): Buffer => {
  packet[1] = (marker ? 0x80 : 0) | payloadType;
  return packet;
};

/** an RTCP sender report (packet type 200) from `ssrc` */
const rtcpSenderReport = (ssrc: number): Buffer => {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2);
  packet.writeUInt32BE(ssrc, 4);
  return packet;
};

test('an RTP flow counts Opus and telephone-event apart, with first and last delivery times', () => {
  const rig = new PipelineRig({ delayMs: 30 });
  // Opus every 20 ms for a second; one 100 ms event in its place from 200 ms: a packet every
  // 20 ms, the first with the marker bit, the one at 300 ms sent 3 times (its end)
  const sends: { t: number; payloadType: number }[] = [];
  for (let t = 0; t < 1000; t += 20) {
    const event = t >= 200 && t <= 300;
    for (let copy = 0; copy < (t === 300 ? 3 : 1); copy++) sends.push({ t, payloadType: event ? 126 : 111 });
  }
  sends.forEach(({ t, payloadType }, seq) => rig.offer(withPayloadType(rtpPacket(7, seq, t), payloadType, t === 200), t));
  rig.finish();
  const truth = rig.truth(7);
  expect(truth.payloadTypes).toEqual([
    { payloadType: 111, offered: 44, delivered: 44, firstDeliveredMs: 30, lastDeliveredMs: 1010 },
    { payloadType: 126, offered: 8, delivered: 8, firstDeliveredMs: 230, lastDeliveredMs: 330 },
  ]);
  expect(truth.payloadTypesCapped).toBe(false);
  expect(truth.offered).toBe(52);
});

test('dropped packets count as offered, not delivered; a payload type never delivered has no times', () => {
  const rig = new PipelineRig({ blackouts: [{ atMs: 0, durationMs: 1000, mode: 'drop' }] });
  rig.offer(withPayloadType(rtpPacket(7, 0), 126), 0);
  rig.offer(rtpPacket(7, 1, 2000), 2000);
  rig.finish();
  expect(rig.truth(7).payloadTypes).toEqual([
    { payloadType: 126, offered: 1, delivered: 0, firstDeliveredMs: null, lastDeliveredMs: null },
    { payloadType: 111, offered: 1, delivered: 1, firstDeliveredMs: 2000, lastDeliveredMs: 2000 },
  ]);
});

test('at most 16 payload types are counted per flow; further ones go uncounted and say so', () => {
  const rig = new PipelineRig({});
  for (let pt = 0; pt < 20; pt++) rig.offer(withPayloadType(rtpPacket(7, pt), 96 + pt), pt);
  rig.offer(withPayloadType(rtpPacket(7, 20), 96), 20);
  rig.finish();
  const truth = rig.truth(7);
  expect(truth.payloadTypes).toHaveLength(MAX_PAYLOAD_TYPES);
  expect(truth.payloadTypes!.map((c) => c.payloadType)).toEqual(Array.from({ length: 16 }, (_, i) => 96 + i));
  expect(truth.payloadTypes![0]).toMatchObject({ payloadType: 96, offered: 2, delivered: 2 });
  expect(truth.payloadTypesCapped).toBe(true);
  expect(truth.offered).toBe(21);
});

test('RTCP is not counted per payload type, whether its packet type says so or an RTP PT with the marker bit collides with it (RFC 5761)', () => {
  const rig = new PipelineRig({});
  rig.offer(rtpPacket(7, 0), 0);
  rig.offer(rtcpSenderReport(7), 1);
  // PT 72 with the marker bit reads as RTCP packet type 200: RFC 5761 §4 keeps RTP off 64–95
  rig.offer(withPayloadType(rtpPacket(7, 1), 72, true), 2);
  rig.finish();
  expect(rig.truth(7).payloadTypes).toEqual([{ payloadType: 111, offered: 1, delivered: 1, firstDeliveredMs: 0, lastDeliveredMs: 0 }]);
  const rtcp = rig.pipeline.snapshot().filter((leg) => leg.kind === 'rtcp');
  expect(rtcp.length).toBeGreaterThan(0);
  for (const leg of rtcp) expect(leg.payloadTypes).toBeUndefined();
});
