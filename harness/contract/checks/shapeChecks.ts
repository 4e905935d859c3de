/**
 * Checks on the payload's shape and identity: schema (table variant), field names, the
 * reason enum, call id and reason matching the call, audio_stats.call_ended_time, integer
 * fields. Node only (the schema check uses ajv).
 */
import type { CheckResult } from '../../results/resultsTypes.ts';
import { validatePayload } from '../validatePayload.ts';
import { END_CALL_REASONS, isEndCallReason } from '../endCallReasons.ts';
import { AUDIO_STATS_FIELDS, audioStatsFieldByName } from '../payloadFields.ts';
import { DOCUMENTED_SCRIPT_DEFAULTS } from '../transforms/documentedTransform.ts';
import { fmt, sentField, UNIT_SUFFIX, verdict, type CheckSubject } from './checkSubject.ts';

export function schemaCheck(s: CheckSubject): CheckResult {
  const issues = validatePayload(s.input.payload, 'table');
  if (issues.length === 0) return verdict('contract.schema', 'error', [], 'valid under the field-table schema (schemas/call-metrics.table.schema.json)');
  const example = validatePayload(s.input.payload, 'example').length === 0 ? " (it is valid under the documentation example's schema)" : '';
  return {
    id: 'contract.schema',
    ok: false,
    severity: 'error',
    message: `${issues.length} problem(s) against the field-table schema${example}: ${issues.map((i) => i.message).join('; ')}`,
  };
}

export function reasonEnumCheck(s: CheckSubject): CheckResult {
  const sent = s.body?.end_call_reason;
  const decided = s.input.context.endCallReason;
  const problems: string[] = [];
  if (!isEndCallReason(sent)) {
    const why = sent === DOCUMENTED_SCRIPT_DEFAULTS.end_call_reason ? " (the documentation script's default)" : '';
    const expected = isEndCallReason(decided) ? `"${decided}", the reason the agent decided` : `one of the ${END_CALL_REASONS.length} values`;
    problems.push(`end_call_reason is ${fmt(sent)}${why}, not one of the ${END_CALL_REASONS.length} enum values; expected ${expected}`);
  }
  return verdict('contract.end_call_reason.enum', 'error', problems, `end_call_reason "${String(sent)}" is one of the ${END_CALL_REASONS.length} enum values`);
}

export function matchesCallCheck(s: CheckSubject): CheckResult[] {
  const { context } = s.input;
  const reason = s.body?.end_call_reason;
  const callId = s.body?.call_id;
  return [
    verdict(
      'contract.end_call_reason.matches_call',
      'error',
      reason === context.endCallReason ? [] : [`end_call_reason is ${fmt(reason)}, but the agent ended the call with "${context.endCallReason}"; expected "${context.endCallReason}"`],
      `end_call_reason "${String(reason)}" is the reason the agent decided`,
    ),
    verdict(
      'contract.call_id.matches_call',
      'error',
      callId === context.callId ? [] : [`call_id is ${fmt(callId)}; expected "${context.callId}", the id of the call the stats came from`],
      `call_id is the call's id "${context.callId}"`,
    ),
  ];
}

export function fieldNamesCheck(s: CheckSubject): CheckResult {
  const problems: string[] = [];
  const audio = s.audio;
  if (!audio) {
    problems.push(`audio_stats is ${fmt(s.body?.audio_stats)}; expected an object with the field table's ${AUDIO_STATS_FIELDS.length} fields`);
    return verdict('contract.field_names', 'error', problems, '');
  }
  const expected = s.expected.audio_stats as unknown as Record<string, unknown>;
  for (const field of AUDIO_STATS_FIELDS) {
    if (field.table === 'call_ended_time') continue; // its own check: contract.audio_stats.call_ended_time
    const sent = sentField(audio, field);
    const want = `${field.table} ${fmt(expected[field.table])}${UNIT_SUFFIX[field.tableUnit]}`;
    if (!sent) problems.push(`audio_stats.${field.table} is missing; expected ${want} (from ${field.source})`);
    else if (sent.key !== field.table) {
      problems.push(`audio_stats.${sent.key} ${fmt(sent.value)}${UNIT_SUFFIX[sent.unit]} is sent where the field table asks for audio_stats.${field.table} (${field.tableUnit === 'ms' ? 'milliseconds' : 'seconds'}); expected ${want}`);
    }
  }
  for (const key of Object.keys(audio)) {
    const known = audioStatsFieldByName(key);
    if (!known) problems.push(`audio_stats.${key} ${fmt(audio[key])} is not a field of the field table`);
    else if (known.spelling === 'example' && audio[known.field.table] !== undefined) {
      problems.push(`audio_stats.${key} is sent next to audio_stats.${known.field.table}; the field table has only ${known.field.table}`);
    }
  }
  return verdict('contract.field_names', 'error', problems, "audio_stats uses the field table's names");
}

export function audioCallEndedCheck(s: CheckSubject): CheckResult {
  const top = s.body?.call_ended_time;
  const inner = s.audio?.call_ended_time;
  const problems: string[] = [];
  if (inner === undefined) {
    problems.push(`audio_stats.call_ended_time is missing; expected ${fmt(top ?? s.expected.call_ended_time)} (the top-level call_ended_time, Unix seconds), as the field table lists it`);
  } else if (inner !== top) {
    problems.push(`audio_stats.call_ended_time is ${fmt(inner)} but the top-level call_ended_time is ${fmt(top)}; expected both to be ${fmt(s.expected.call_ended_time)}`);
  }
  return verdict('contract.audio_stats.call_ended_time', 'error', problems, `audio_stats.call_ended_time ${fmt(inner)} equals the top-level call_ended_time`);
}

const INTEGER_FIELDS = ['call_ended_time', 'first_audio_packet_received_time'];

export function integersCheck(s: CheckSubject): CheckResult {
  const problems: string[] = [];
  const visit = (path: string, value: unknown, source: string): void => {
    if (value === undefined) return; // a missing field is the schema's and field_names' finding
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      problems.push(`${path} is ${fmt(value)}, not an integer; expected a whole number (${source})`);
    } else if (value < 0) {
      const negative = path === 'audio_stats.packets_lost' && s.facts.receiver && s.facts.receiver.packetsLostRaw < 0;
      const why = negative ? `, copied from a negative packetsLost (${s.facts.receiver?.packetsLostRaw}: duplicates outnumbered losses, RFC 3550)` : '';
      problems.push(`${path} is ${value}${why}; expected ${fmt(fieldOf(s, path))} (never negative)`);
    }
  };
  for (const name of INTEGER_FIELDS) visit(name, s.body?.[name], 'Unix seconds');
  for (const field of AUDIO_STATS_FIELDS) {
    if (!field.integer) continue;
    const sent = sentField(s.audio, field);
    if (sent) visit(`audio_stats.${sent.key}`, sent.value, field.source);
  }
  return verdict('contract.integers', 'error', problems, 'integer fields are whole and non-negative');
}

function fieldOf(s: CheckSubject, path: string): unknown {
  const [head, tail] = path.split('.');
  const expected = s.expected as unknown as Record<string, unknown>;
  return tail === undefined ? expected[head as string] : (expected.audio_stats as Record<string, unknown>)[tail];
}
