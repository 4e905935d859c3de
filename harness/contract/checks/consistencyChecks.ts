/**
 * Every audio_stats value against the raw snapshot it came from (as the contract reads it),
 * negative packetsLost in the stats, and determinism: the same snapshot gives the same
 * payload twice. Pure.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import { AUDIO_STATS_FIELDS } from '../payloadFields.ts';
import { canonicalJson } from '../canonicalJson.ts';
import { convert, fmt, near, sentField, UNIT_SUFFIX, verdict, type CheckSubject } from './checkSubject.ts';

/**
 * Float agreement: 1 % relative (a client may average slightly differently or round to a few
 * digits) or 0.05 ms absolute (rounding to 0.1 ms). Counters must agree exactly: they are
 * copied or summed, never estimated.
 */
const FLOAT_RELATIVE = 0.01;
const FLOAT_ABSOLUTE_MS = 0.05;

/** How the contract derives each field from the snapshot, for messages. */
function derivation(s: CheckSubject, table: string): string {
  const r = s.facts.receiver;
  const ssrcs = r ? `${r.reportIds.length} inbound-rtp report(s), ssrc ${r.ssrcs.join('+') || '?'}` : 'no inbound-rtp audio';
  switch (table) {
    case 'jitter':
      return r ? `inbound-rtp jitter of ${r.activeReportId} (the SSRC with the latest packet), seconds` : 'no inbound-rtp audio → 0';
    case 'packets_lost':
      return r ? `Σ max(0, packetsLost) over ${ssrcs} (raw Σ ${r.packetsLostRaw})` : 'no inbound-rtp audio → 0';
    case 'packets_received':
      return r ? `Σ packetsReceived over ${ssrcs}` : 'no inbound-rtp audio → 0';
    case 'round_trip_time_ms': {
      const rtt = s.facts.rtt;
      if (rtt.source === 'remote-inbound-rtp') return `totalRoundTripTime ${fmt(rtt.totalRoundTripTime)} s / ${rtt.measurements} measurements × 1000`;
      if (rtt.source === 'remote-inbound-rtp-latest') return 'remote-inbound-rtp roundTripTime × 1000 (no totalRoundTripTime in this browser)';
      if (rtt.source === 'candidate-pair') return 'no RTCP round-trip yet: the ICE candidate pair’s STUN RTT × 1000';
      return 'no round-trip time measured → 0';
    }
    case 'jitter_buffer_delay_ms':
      return r ? `jitterBufferDelay ${fmt(r.jitterBufferDelay)} s / ${r.jitterBufferEmittedCount} emitted samples × 1000` : 'no inbound-rtp audio → 0';
    case 'concealed_samples':
      return r ? `Σ concealedSamples over ${ssrcs}` : 'no inbound-rtp audio → 0';
    case 'silent_concealed_samples':
      return r ? `Σ silentConcealedSamples over ${ssrcs}` : 'no inbound-rtp audio → 0';
    case 'total_samples_duration_ms':
      return r ? `totalSamplesDuration ${fmt(r.totalSamplesDuration)} s × 1000` : 'no inbound-rtp audio → 0';
    default:
      return 'the call context';
  }
}

/**
 * One check per audio_stats field: `contract.consistent_with_stats.<table name>`. A value
 * the contract itself could only estimate (RTT from a fallback source) fails as a warning.
 */
export function consistencyChecks(s: CheckSubject): CheckResult[] {
  const expected = s.expected.audio_stats as unknown as Record<string, number>;
  const results: CheckResult[] = [];
  for (const field of AUDIO_STATS_FIELDS) {
    if (field.table === 'call_ended_time') continue; // contract.audio_stats.call_ended_time
    const id = `contract.consistent_with_stats.${field.table}`;
    const estimated = field.table === 'round_trip_time_ms' && s.facts.rtt.source !== 'remote-inbound-rtp';
    const severity = estimated ? 'warning' : 'error';
    const want = expected[field.table] ?? 0;
    const how = derivation(s, field.table);
    const sent = sentField(s.audio, field);
    if (!sent) {
      results.push(verdict(id, severity, [], `${field.table} not sent; nothing to compare (contract.field_names reports it); expected ${fmt(want)}${UNIT_SUFFIX[field.tableUnit]}`));
      continue;
    }
    if (typeof sent.value !== 'number') {
      results.push(verdict(id, severity, [`audio_stats.${sent.key} is ${fmt(sent.value)}; expected ${field.table} ${fmt(want)}${UNIT_SUFFIX[field.tableUnit]} = ${how}`], ''));
      continue;
    }
    const asTable = convert(sent.value, sent.unit, field.tableUnit);
    const absolute = convert(FLOAT_ABSOLUTE_MS, 'ms', field.tableUnit);
    const agrees = field.integer ? asTable === want : near(asTable, want, FLOAT_RELATIVE, absolute);
    const shown = sent.key === field.table ? '' : ` (= ${fmt(asTable)}${UNIT_SUFFIX[field.tableUnit]} as ${field.table})`;
    results.push(
      verdict(
        id,
        severity,
        agrees ? [] : [`audio_stats.${sent.key} is ${fmt(sent.value)}${UNIT_SUFFIX[sent.unit]}${shown}; expected ${field.table} ${fmt(want)}${UNIT_SUFFIX[field.tableUnit]} = ${how}${field.integer ? '' : ` (tolerance ±1 % or ${fmt(absolute)}${UNIT_SUFFIX[field.tableUnit]})`}`],
        `audio_stats.${sent.key} ${fmt(sent.value)}${UNIT_SUFFIX[sent.unit]} agrees with the stats: ${how}`,
      ),
    );
  }
  return results;
}

export function negativeLossCheck(s: CheckSubject): CheckResult {
  const negative = s.facts.receiver?.negativeLoss ?? [];
  const sent = sentField(s.audio, AUDIO_STATS_FIELDS.find((f) => f.table === 'packets_lost') as (typeof AUDIO_STATS_FIELDS)[number]);
  const problems = negative.map(
    (n) =>
      `inbound-rtp ssrc ${n.ssrc ?? '?'} reports packetsLost ${n.packetsLost} (duplicates outnumbered losses, RFC 3550); the contract counts it as 0 lost and sends packets_lost ${s.expected.audio_stats.packets_lost}; this payload sent ${fmt(sent?.value)}`,
  );
  return verdict('contract.packets_lost.negative_in_stats', 'warning', problems, 'no SSRC reported a negative packetsLost');
}

/** Runs the transform again on the same snapshot: a payload that changes is not derived from the stats alone. */
export function deterministicCheck(s: CheckSubject): CheckResult | null {
  const { recompute, recomputedPayload, payload, transformName } = s.input;
  let again: unknown = recomputedPayload;
  if (recompute) {
    try {
      again = recompute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return verdict('contract.deterministic', 'error', [`running ${transformName} again on the same snapshot threw: ${message}`], '');
    }
    if (again !== null && typeof again === 'object' && typeof (again as { then?: unknown }).then === 'function') {
      return verdict('contract.deterministic', 'error', ['recompute returned a Promise; await it and pass recomputedPayload instead'], '');
    }
  } else if (!('recomputedPayload' in s.input)) {
    return null;
  }
  const a = canonicalJson(payload);
  const b = canonicalJson(again);
  if (a === b) return verdict('contract.deterministic', 'error', [], `${transformName} gives the same payload twice from the same snapshot`);
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return verdict(
    'contract.deterministic',
    'error',
    [`${transformName} gave a different payload from the same snapshot; first difference at …${a.slice(Math.max(0, at - 30), at + 30)}… vs …${b.slice(Math.max(0, at - 30), at + 30)}…`],
    '',
  );
}
