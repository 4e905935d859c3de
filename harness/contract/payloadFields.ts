/**
 * The audio_stats fields, once, with both spellings the documentation uses: the field
 * table's name (the contract) and the name the page's example/script sends. Schemas,
 * transforms, checks and the comparison all read this list so that a unit or a name is
 * decided in exactly one place. Pure data (runs in the page too).
 */

/** How a field's number is to be read. */
export type FieldUnit = 'ms' | 's' | 'count' | 'samples' | 'unix_s';

export interface AudioStatsField {
  /** the field table's name (the contract) */
  table: string;
  /** the name the documentation's example and script send; null when they send none */
  example: string | null;
  /** unit of the value under the table name */
  tableUnit: FieldUnit;
  /** unit of the value under the example name (the script copies getStats units) */
  exampleUnit: FieldUnit | null;
  /** integer fields must be integral and non-negative; the rest are non-negative floats */
  integer: boolean;
  /** the getStats member the value comes from, for messages */
  source: string;
}

/**
 * `jitter` has no unit in the table. The contract reads it as seconds, the unit getStats
 * reports and the only unit the documentation ever shows for it (`jitter_sec` 0.01 in the
 * example): in the table every converted value carries a unit suffix (`_ms`), and the
 * unsuffixed names (`jitter`, `packets_lost`, ...) are the report's values as they are.
 */
export const AUDIO_STATS_FIELDS: readonly AudioStatsField[] = [
  { table: 'call_ended_time', example: null, tableUnit: 'unix_s', exampleUnit: null, integer: true, source: 'the top-level call_ended_time' },
  { table: 'jitter', example: 'jitter_sec', tableUnit: 's', exampleUnit: 's', integer: false, source: 'inbound-rtp jitter' },
  { table: 'packets_lost', example: 'packets_lost', tableUnit: 'count', exampleUnit: 'count', integer: true, source: 'inbound-rtp packetsLost' },
  { table: 'packets_received', example: 'packets_received', tableUnit: 'count', exampleUnit: 'count', integer: true, source: 'inbound-rtp packetsReceived' },
  { table: 'round_trip_time_ms', example: 'round_trip_time_sec', tableUnit: 'ms', exampleUnit: 's', integer: false, source: 'remote-inbound-rtp totalRoundTripTime / roundTripTimeMeasurements' },
  { table: 'jitter_buffer_delay_ms', example: 'jitter_buffer_delay_sec', tableUnit: 'ms', exampleUnit: 's', integer: false, source: 'inbound-rtp jitterBufferDelay / jitterBufferEmittedCount' },
  { table: 'concealed_samples', example: 'concealed_samples', tableUnit: 'samples', exampleUnit: 'samples', integer: true, source: 'inbound-rtp concealedSamples' },
  { table: 'silent_concealed_samples', example: 'silent_concealed_samples', tableUnit: 'samples', exampleUnit: 'samples', integer: true, source: 'inbound-rtp silentConcealedSamples' },
  { table: 'total_samples_duration_ms', example: 'total_samples_duration_sec', tableUnit: 'ms', exampleUnit: 's', integer: false, source: 'inbound-rtp totalSamplesDuration' },
];

/** Top-level fields holding Unix timestamps (seconds). */
export const TOP_LEVEL_TIMESTAMPS = ['call_ended_time', 'first_audio_packet_received_time'] as const;

/** Largest value read as Unix seconds: 9999999999 is the year 2286; anything above is milliseconds. */
export const MAX_UNIX_SECONDS = 9_999_999_999;

/** The only `platform` value the API accepts for now. */
export const PLATFORM = 'messenger';

/** Finds a field by either of its names. */
export function audioStatsFieldByName(name: string): { field: AudioStatsField; spelling: 'table' | 'example' } | undefined {
  for (const field of AUDIO_STATS_FIELDS) {
    if (field.table === name) return { field, spelling: 'table' };
    if (field.example === name) return { field, spelling: 'example' };
  }
  return undefined;
}
