/**
 * `platform.dtmf_digits`: the DTMF digits the consumer sent in RTP (RFC 4733) reached the edge
 * as sent: the same digits in the same order, each tone about as long as the documented 500 ms,
 * started about as far apart as they were sent. The edge terminates SRTP, so it decodes the
 * events themselves; a browser has no API to receive DTMF, so the business page cannot be asked.
 * Pure.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';

const ID = 'platform.dtmf_digits';
/** the documented tone length, ms */
const TONE_MS = 500;
/** how far a decoded tone's length or start spacing may stray from what was sent, ms (RTP packetisation, 20 ms frames, and the sender's own timer) */
const TOLERANCE_MS = 120;

export interface SentTone {
  /** the tone that started ('' = the last one ended) */
  tone: string;
  /** when the sender reported it, ms since the epoch */
  atMs: number;
}

export interface DecodedTone {
  digit: string;
  startedAtMs: number;
  durationMs: number;
}

/** @returns undefined when the call sent no DTMF */
export function dtmfDigitsCheck(sent: SentTone[], decoded: DecodedTone[] | undefined): CheckResult | undefined {
  const tones = sent.filter((t) => t.tone !== '');
  if (tones.length === 0) return undefined;
  const sentDigits = tones.map((t) => t.tone.toUpperCase()).join('');
  const got = decoded ?? [];
  const gotDigits = got.map((d) => d.digit.toUpperCase()).join('');
  const browserNote = 'a browser has no API to receive DTMF, so the digits are compared where the edge decodes them';
  if (gotDigits !== sentDigits) {
    return { id: ID, ok: false, severity: 'error', message: `the consumer sent DTMF "${sentDigits}"; the edge decoded "${gotDigits}" from the RTP it received (${browserNote})` };
  }
  const problems: string[] = [];
  got.forEach((d, i) => {
    if (Math.abs(d.durationMs - TONE_MS) > TOLERANCE_MS) problems.push(`digit ${i + 1} '${d.digit}' lasted ${d.durationMs} ms, not ${TONE_MS} ± ${TOLERANCE_MS} ms`);
    if (i === 0) return;
    const sentGap = tones[i]!.atMs - tones[i - 1]!.atMs;
    const gotGap = d.startedAtMs - got[i - 1]!.startedAtMs;
    if (Math.abs(gotGap - sentGap) > TOLERANCE_MS) problems.push(`digit ${i + 1} '${d.digit}' started ${gotGap} ms after the one before; it was sent ${sentGap} ms after it (± ${TOLERANCE_MS} ms)`);
  });
  if (problems.length > 0) return { id: ID, ok: false, severity: 'error', message: `DTMF "${sentDigits}" arrived with the wrong timing: ${problems.join('; ')}` };
  const lengths = got.map((d) => d.durationMs).join(', ');
  return { id: ID, ok: true, severity: 'error', message: `the edge decoded the ${got.length} digit(s) sent, "${sentDigits}", in order, lasting ${lengths} ms (${TONE_MS} ± ${TOLERANCE_MS}), spaced as sent (± ${TOLERANCE_MS} ms); ${browserNote}` };
}
