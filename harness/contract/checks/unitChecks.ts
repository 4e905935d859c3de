/**
 * Unit checks: values a factor of 1000 off, running sums sent where an average is meant,
 * and silent concealment not exceeding concealment. Pure.
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import { AUDIO_STATS_FIELDS, type AudioStatsField } from '../payloadFields.ts';
import { convert, fmt, near, sentField, UNIT_SUFFIX, verdict, type CheckSubject } from './checkSubject.ts';

/** Relative band around ×1000 / ÷1000 that counts as "a factor of 1000 off" (rounding, float noise). */
const X1000_BAND = 0.05;
/** Relative agreement that counts as "this is the running sum" (a client may round). */
const SUM_MATCH = 0.01;

function fieldNamed(table: string): AudioStatsField {
  return AUDIO_STATS_FIELDS.find((f) => f.table === table) as AudioStatsField;
}

/** The running sum (seconds) behind an averaged field, when the snapshot has one worth telling apart. */
function runningSum(s: CheckSubject, table: string): { sum: number; count: number; sumName: string; countName: string } | null {
  const r = s.facts.receiver;
  if (table === 'round_trip_time_ms' && s.facts.rtt.source === 'remote-inbound-rtp' && s.facts.rtt.totalRoundTripTime !== null) {
    return { sum: s.facts.rtt.totalRoundTripTime, count: s.facts.rtt.measurements, sumName: 'totalRoundTripTime', countName: 'measurements' };
  }
  if (table === 'jitter_buffer_delay_ms' && r && r.jitterBufferEmittedCount > 0) {
    return { sum: r.jitterBufferDelay, count: r.jitterBufferEmittedCount, sumName: 'jitterBufferDelay', countName: 'emitted samples' };
  }
  return null;
}

/** True when `value` (in `unit`) is the running sum, read in seconds or milliseconds. */
function isSum(value: number, unit: AudioStatsField['tableUnit'], sum: number): boolean {
  return near(convert(value, unit, 's'), sum, SUM_MATCH, 1e-9) || near(value, sum, SUM_MATCH, 1e-9) || near(value, sum * 1000, SUM_MATCH, 1e-6);
}

export function x1000Check(s: CheckSubject): CheckResult {
  const problems: string[] = [];
  const expected = s.expected.audio_stats as unknown as Record<string, number>;
  for (const field of AUDIO_STATS_FIELDS) {
    if (field.tableUnit !== 'ms' && field.tableUnit !== 's') continue;
    const sent = sentField(s.audio, field);
    if (!sent || typeof sent.value !== 'number') continue;
    const want = convert(expected[field.table] ?? 0, field.tableUnit, sent.unit);
    if (want <= 0 || sent.value <= 0) continue;
    const sum = runningSum(s, field.table);
    if (sum && sum.count > 1 && !near(sent.value, want, SUM_MATCH) && isSum(sent.value, sent.unit, sum.sum)) continue; // contract.average_not_sum's finding
    const ratio = sent.value / want;
    const named = sent.unit === 'ms' ? 'milliseconds' : 'seconds';
    const where = `the expected ${fmt(want)}${UNIT_SUFFIX[sent.unit]} (${field.source})`;
    if (near(ratio, 1000, X1000_BAND)) {
      const actual = sent.unit === 'ms' ? 'microseconds' : 'milliseconds';
      problems.push(`audio_stats.${sent.key} is ${fmt(sent.value)}, 1000× ${where}: the value is in ${actual}, the name says ${named}`);
    } else if (near(ratio, 0.001, X1000_BAND)) {
      const actual = sent.unit === 'ms' ? 'the value is in seconds' : 'the value was divided by 1000 once too often';
      problems.push(`audio_stats.${sent.key} is ${fmt(sent.value)}, 1/1000 of ${where}: ${actual}, the name says ${named}`);
    }
  }
  return verdict('contract.units.x1000', 'error', problems, 'no time value is a factor of 1000 off its unit');
}

function averageCheck(s: CheckSubject, id: string, table: string, meaning: string): CheckResult {
  const field = fieldNamed(table);
  const sent = sentField(s.audio, field);
  const sum = runningSum(s, table);
  if (!sent || typeof sent.value !== 'number') {
    return verdict(id, 'error', [], `${table} not sent as a number; nothing to compare (contract.schema reports it)`);
  }
  if (!sum || sum.count <= 1) {
    return verdict(id, 'error', [], `audio_stats.${sent.key} ${fmt(sent.value)}: with ${sum?.count ?? 0} ${sum?.countName ?? 'measurements'} a running sum and an average cannot be told apart`);
  }
  const avgSec = sum.sum / sum.count;
  const avgMs = avgSec * 1000;
  // The average read in the key's own unit wins: with exactly 1000 samples the average in ms
  // equals the sum in s, and a correct value must not be called a sum for that coincidence.
  const isAverage = near(convert(sent.value, sent.unit, 's'), avgSec, SUM_MATCH, 1e-9);
  if (!isAverage && isSum(sent.value, sent.unit, sum.sum)) {
    return verdict(id, 'error', [
      `audio_stats.${sent.key} is ${fmt(sent.value)}, the running sum ${sum.sumName} (${fmt(sum.sum)} s over ${sum.count} ${sum.countName}); ${meaning} is the average ${sum.sumName} / ${sum.count} = ${fmt(avgSec)} s → ${table} ${fmt(avgMs)}`,
    ], '');
  }
  return verdict(id, 'error', [], `audio_stats.${sent.key} ${fmt(sent.value)}${UNIT_SUFFIX[sent.unit]} is not the running sum ${sum.sumName} (${fmt(sum.sum)} s); the average is ${fmt(avgMs)} ms`);
}

export function averageNotSumChecks(s: CheckSubject): CheckResult[] {
  return [
    averageCheck(s, 'contract.average_not_sum.round_trip_time', 'round_trip_time_ms', 'the round-trip time'),
    averageCheck(s, 'contract.average_not_sum.jitter_buffer_delay', 'jitter_buffer_delay_ms', 'the jitter-buffer delay'),
  ];
}

export function concealmentCheck(s: CheckSubject): CheckResult {
  const silent = sentField(s.audio, fieldNamed('silent_concealed_samples'));
  const concealed = sentField(s.audio, fieldNamed('concealed_samples'));
  const problems: string[] = [];
  if (silent && concealed && typeof silent.value === 'number' && typeof concealed.value === 'number' && silent.value > concealed.value) {
    const r = s.facts.receiver;
    const stats = r ? ` (stats: silentConcealedSamples ${r.silentConcealedSamples}, concealedSamples ${r.concealedSamples})` : '';
    problems.push(
      `silent_concealed_samples ${silent.value} > concealed_samples ${concealed.value}: silent concealed samples are a subset of concealed samples; expected silent_concealed_samples ≤ concealed_samples${stats}`,
    );
  }
  return verdict('contract.concealment.silent_le_concealed', 'error', problems, 'silent_concealed_samples ≤ concealed_samples');
}
