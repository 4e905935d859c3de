/**
 * `truth.dtmf_on_wire`: the telephone-event (RFC 4733) packets the relay counted on the
 * consumer's up leg match the DTMF tones the consumer sent, in number and in span. SRTP leaves
 * the RTP header in the clear, so the relay tells them from the audio by payload type alone;
 * the edge, which decrypts, judges the digits themselves (`platform.dtmf_digits`). Pure.
 *
 * What Chromium puts on the wire (libwebrtc's RTPSenderAudio, measured with Chromium 156): one
 * telephone-event packet per 20 ms Opus frame instead of the frame's audio, none for the frame
 * the tone starts on (duration 0), and the end packet three times. The tone ends at the first
 * frame whose RTP-timestamp advance (48 kHz units, 960 a frame) reaches the tone's length in
 * the telephone-event's own clock units (500 ms × rate). At 48 kHz that is 25 frames: 24 + 3 =
 * 27 packets, 480 ms from the first to the last. At 8 kHz (the payload type Chromium picked
 * beside Opus in our runs) it is 4000 units, reached after 5 frames: 4 + 3 = 7 packets, 80 ms
 * apart, whose duration field reads 4800 / 8000 = 600 ms to a receiver.
 */
import type { TelephoneEventCodec } from '../../agent/agentProtocol.ts';
import type { LegGroundTruth, PayloadTypeCount } from '../../relay/core/groundTruthTypes.ts';
import type { CheckResult } from '../../results/resultsTypes.ts';
import type { SentTone } from './dtmfDigitsCheck.ts';

const ID = 'truth.dtmf_on_wire';
/** the tone length the consumer asks for (consumerSession.ts DTMF_TONE_MS), ms */
const TONE_MS = 500;
/** Opus frame Chromium sends, ms, and its RTP clock, Hz */
const FRAME_MS = 20;
const OPUS_CLOCK_HZ = 48_000;
/** the end packet is sent this many times (RFC 4733 §2.5.1.4) */
const END_COPIES = 3;
/**
 * packets the count may differ by, over all tones: three runs of "1#9" read exactly 21 (7 a
 * tone); 2 lets a tone start or end a frame off without passing a whole end (3 copies) missing
 * or sent twice
 */
const PACKETS_TOLERANCE = 2;
/**
 * how far the span on the wire may stray from the tones' span, ms: the tone times are the
 * page's `tonechange` events, run on its main thread; the wire follows the audio thread's 20 ms
 * frames (three runs: −7, −49 and −12 ms)
 */
const SPAN_TOLERANCE_MS = 150;

/** what one tone puts on the wire at a telephone-event clock rate (see the module comment) */
export function toneOnWire(clockRate: number): { packets: number; spanMs: number } {
  const frameUnits = (OPUS_CLOCK_HZ * FRAME_MS) / 1000;
  const frames = Math.ceil((TONE_MS * clockRate) / 1000 / frameUnits);
  return { packets: frames - 1 + END_COPIES, spanMs: (frames - 1) * FRAME_MS };
}

/** @returns undefined when the consumer sent no DTMF, or there is no ground truth (no legs) to judge it by */
export function dtmfOnWireCheck(input: {
  /** the consumer's `dtmf` events, in order */
  sent: SentTone[];
  /** the telephone-event codecs the consumer's audio sender had negotiated */
  telephoneEvents: TelephoneEventCodec[];
  /** the relay's ground truth of the call */
  legs: LegGroundTruth[];
}): CheckResult | undefined {
  const tones = input.sent.filter((t) => t.tone !== '');
  if (tones.length === 0 || input.legs.length === 0) return undefined;
  const sentText = `the consumer sent ${tones.length} tone(s) "${tones.map((t) => t.tone).join('')}"`;
  const fail = (message: string): CheckResult => ({ id: ID, ok: false, severity: 'error', message });
  if (input.telephoneEvents.length === 0) return fail(`${sentText}, but its audio sender listed no telephone-event codec, so its packets cannot be told from the audio`);

  const up = input.legs.filter((leg) => leg.role === 'consumer' && leg.direction === 'up' && leg.kind === 'rtp');
  const counted = input.telephoneEvents.map((codec) => ({ codec, count: sumOf(up, codec.payloadType) }));
  const used = counted.filter((c) => c.count.offered > 0).sort((a, b) => b.count.offered - a.count.offered)[0];
  const listed = input.telephoneEvents.map((c) => `PT ${c.payloadType} at ${c.clockRate} Hz`).join(' or ');
  if (!used) return fail(`${sentText}; the relay counted no telephone-event packets (${listed}) on consumer up`);

  const { codec, count } = used;
  const perTone = toneOnWire(codec.clockRate);
  const expected = tones.length * perTone.packets;
  const sentSpanMs = tones[tones.length - 1]!.atMs - tones[0]!.atMs;
  const expectedSpanMs = sentSpanMs + perTone.spanMs;
  const wireSpanMs = count.firstDeliveredMs === null || count.lastDeliveredMs === null ? null : Math.round(count.lastDeliveredMs - count.firstDeliveredMs);
  const countOk = Math.abs(count.offered - expected) <= PACKETS_TOLERANCE;
  const spanOk = wireSpanMs !== null && Math.abs(wireSpanMs - expectedSpanMs) <= SPAN_TOLERANCE_MS;
  const countText = `${count.offered} telephone-event packets (PT ${codec.payloadType}, ${codec.clockRate} Hz) entered the relay on consumer up, ${count.delivered} left it; ${expected} ± ${PACKETS_TOLERANCE} expected (${perTone.packets} a tone at ${codec.clockRate} Hz, 3 of them its end)`;
  const spanText =
    wireSpanMs === null
      ? 'none was delivered, so their span is unknown'
      : `first to last delivered ${wireSpanMs} ms apart; the tones span ${expectedSpanMs} ms (${sentSpanMs} ms from the first tone's start to the last's, + ${perTone.spanMs} ms of the last on the wire) ± ${SPAN_TOLERANCE_MS} ms`;
  return { id: ID, ok: countOk && spanOk, severity: 'error', message: `${sentText}; ${countText}; ${spanText}` };
}

/** one payload type's counts over the flows of a leg (a consumer sends one audio SSRC; a new one would continue the count) */
function sumOf(flows: LegGroundTruth[], payloadType: number): Omit<PayloadTypeCount, 'payloadType'> {
  const sum: Omit<PayloadTypeCount, 'payloadType'> = { offered: 0, delivered: 0, firstDeliveredMs: null, lastDeliveredMs: null };
  for (const flow of flows) {
    const count = flow.payloadTypes?.find((c) => c.payloadType === payloadType);
    if (!count) continue;
    sum.offered += count.offered;
    sum.delivered += count.delivered;
    if (count.firstDeliveredMs !== null && (sum.firstDeliveredMs === null || count.firstDeliveredMs < sum.firstDeliveredMs)) sum.firstDeliveredMs = count.firstDeliveredMs;
    if (count.lastDeliveredMs !== null && (sum.lastDeliveredMs === null || count.lastDeliveredMs > sum.lastDeliveredMs)) sum.lastDeliveredMs = count.lastDeliveredMs;
  }
  return sum;
}
