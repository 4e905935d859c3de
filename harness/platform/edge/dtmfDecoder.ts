/**
 * RFC 4733 telephone-event decoding, on RTP the edge has already decrypted (it terminates
 * SRTP). An event is one RTP timestamp: its packets repeat with a growing duration, and its
 * end packet (E bit) is sent three times. The decoder keeps one open event and the last few
 * ended ones (to ignore the repeated end packets), so it is bounded whatever arrives.
 */

/** RFC 4733 §3.2 event codes 0–15 (DTMF) as digits */
const DIGITS = '0123456789*#ABCD';
/** how many ended events are remembered to drop their repeated end packets */
const REMEMBERED_ENDS = 8;
/** at most this many events are kept for the report (a soak call is bounded; this is a guard) */
export const MAX_DTMF_EVENTS = 1000;

export interface DtmfEvent {
  digit: string;
  /** arrival of the event's first packet, ms since the Unix epoch */
  startedAtMs: number;
  /** the event's duration field at its end, in ms (clock-rate units converted) */
  durationMs: number;
}

/** one telephone-event payload (4 bytes); null = too short or not a DTMF code */
export function parseTelephoneEvent(payload: Uint8Array): { event: number; end: boolean; volume: number; duration: number } | null {
  if (payload.length < 4) return null;
  const event = payload[0]!;
  if (event > 15) return null;
  return { event, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export class DtmfDecoder {
  readonly events: DtmfEvent[] = [];
  private open: { timestamp: number; event: DtmfEvent; clockRate: number; units: number } | null = null;
  private readonly ended: number[] = [];

  /**
   * @param timestamp the packet's RTP timestamp (the event's start)
   * @param clockRate the payload type's clock rate, Hz (48 000 beside Opus)
   * @param atMs arrival time, ms since the Unix epoch
   */
  push(payload: Uint8Array, timestamp: number, clockRate: number, atMs: number): void {
    const parsed = parseTelephoneEvent(payload);
    if (!parsed || this.ended.includes(timestamp)) return;
    if (this.open && this.open.timestamp !== timestamp) this.close(); // a new event before the last one's end: its end was lost
    if (!this.open) {
      if (this.events.length >= MAX_DTMF_EVENTS) return;
      const event = { digit: DIGITS[parsed.event]!, startedAtMs: atMs, durationMs: 0 };
      this.events.push(event);
      this.open = { timestamp, event, clockRate, units: 0 };
    }
    this.open.units = Math.max(this.open.units, parsed.duration);
    this.open.event.durationMs = Math.round((this.open.units * 1000) / clockRate);
    if (parsed.end) this.close();
  }

  private close(): void {
    if (!this.open) return;
    this.ended.push(this.open.timestamp);
    if (this.ended.length > REMEMBERED_ENDS) this.ended.shift();
    this.open = null;
  }
}
