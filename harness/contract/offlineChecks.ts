/**
 * The contract checks that need no stats snapshot and no clock: what `callsoak validate`
 * can say about a payload file on its own, beyond the schema. Errors are contradictions
 * inside the payload; warnings are values no real call produces. Pure.
 */
import { AUDIO_STATS_FIELDS, type AudioStatsField } from './payloadFields.ts';

export interface OfflineIssue {
  /** dotted path of the field the issue is about */
  path: string;
  severity: 'error' | 'warning';
  /** names the field, the value found and what it should be */
  message: string;
}

/** Unix seconds of 2001-09-09: any call the API will see is later. */
const EARLIEST_PLAUSIBLE_S = 1_000_000_000;
/** Above these a round-trip / jitter-buffer delay cannot carry a call: the value is a running sum or in the wrong unit. */
const IMPLAUSIBLE_DELAY_MS: Record<string, number> = { round_trip_time_ms: 10_000, jitter_buffer_delay_ms: 10_000 };

function obj(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function read(audio: Record<string, unknown> | null, field: AudioStatsField): { key: string; value: number; ms: number } | undefined {
  if (!audio) return undefined;
  for (const [key, unit] of [
    [field.table, field.tableUnit],
    [field.example, field.exampleUnit],
  ] as const) {
    const value = key === null ? undefined : audio[key];
    if (key !== null && typeof value === 'number') return { key, value, ms: unit === 's' ? value * 1000 : value };
  }
  return undefined;
}

const byTable = (name: string) => AUDIO_STATS_FIELDS.find((f) => f.table === name) as AudioStatsField;

export function offlineChecks(payload: unknown): OfflineIssue[] {
  const body = obj(payload);
  if (!body) return [];
  const audio = obj(body.audio_stats);
  const issues: OfflineIssue[] = [];
  const ended = body.call_ended_time;
  const first = body.first_audio_packet_received_time;

  const silent = read(audio, byTable('silent_concealed_samples'));
  const concealed = read(audio, byTable('concealed_samples'));
  if (silent && concealed && silent.value > concealed.value) {
    issues.push({
      path: `audio_stats.${silent.key}`,
      severity: 'error',
      message: `audio_stats.${silent.key} ${silent.value} > audio_stats.${concealed.key} ${concealed.value}: silent concealed samples are a subset of concealed samples; expected ≤ ${concealed.value}`,
    });
  }
  if (typeof first === 'number' && typeof ended === 'number' && first !== 0 && first > ended) {
    issues.push({ path: 'first_audio_packet_received_time', severity: 'error', message: `first_audio_packet_received_time ${first} is after call_ended_time ${ended}; expected first audio ≤ call end` });
  }
  const inner = audio?.call_ended_time;
  if (inner !== undefined && ended !== undefined && inner !== ended) {
    issues.push({ path: 'audio_stats.call_ended_time', severity: 'error', message: `audio_stats.call_ended_time ${JSON.stringify(inner)} differs from call_ended_time ${JSON.stringify(ended)}; expected the same timestamp` });
  }
  for (const [path, value] of [
    ['call_ended_time', ended],
    ['first_audio_packet_received_time', first],
  ] as const) {
    if (typeof value !== 'number' || value >= EARLIEST_PLAUSIBLE_S || (value === 0 && path === 'first_audio_packet_received_time')) continue;
    if (value < 0 || !Number.isInteger(value)) continue; // the schema reports it
    const when = value === 0 ? 'unset (0)' : `${new Date(value * 1000).toISOString()}`;
    issues.push({ path, severity: 'warning', message: `${path} ${value} is ${when}; a call's Unix timestamp in seconds is ≥ ${EARLIEST_PLAUSIBLE_S} (2001-09-09)` });
  }
  for (const [table, limit] of Object.entries(IMPLAUSIBLE_DELAY_MS)) {
    const sent = read(audio, byTable(table));
    if (sent && sent.ms > limit) {
      issues.push({
        path: `audio_stats.${sent.key}`,
        severity: 'warning',
        message: `audio_stats.${sent.key} ${sent.value} is ${sent.ms / 1000} s, longer than any call can tolerate (> ${limit / 1000} s); it looks like a running sum (${byTable(table).source.split(' / ')[0]}) sent where the average is meant`,
      });
    }
  }
  return issues;
}
