/**
 * The call_metrics request body as TypeBox schemas, in the two readings the documentation
 * gives: `table` (the field table: `_ms` units, `audio_stats.call_ended_time`; the contract
 * the harness checks against) and `example` (what the page's example and script produce:
 * `_sec` keys, no `audio_stats.call_ended_time`). The published JSON Schema files under
 * schemas/ are written from these by writeSchemas.ts.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { END_CALL_REASONS, type EndCallReason } from './endCallReasons.ts';
import { AUDIO_STATS_FIELDS, MAX_UNIX_SECONDS, PLATFORM, type AudioStatsField } from './payloadFields.ts';

export type PayloadVariant = 'table' | 'example';

const UNIT_WORDS: Record<string, string> = {
  ms: 'milliseconds',
  s: 'seconds',
  count: 'packets',
  samples: 'audio samples',
  unix_s: 'Unix timestamp in seconds',
};

function unixSeconds(description: string) {
  return Type.Integer({
    minimum: 0,
    maximum: MAX_UNIX_SECONDS,
    description: `${description}; Unix timestamp in seconds (an integer; values above ${MAX_UNIX_SECONDS} would be milliseconds)`,
  });
}

function audioField(field: AudioStatsField, variant: PayloadVariant): TSchema {
  const unit = variant === 'table' ? field.tableUnit : field.exampleUnit;
  const description = `${UNIT_WORDS[unit ?? 'count']}; from ${field.source}`;
  if (field.tableUnit === 'unix_s') return unixSeconds('when the call ended, same as the top-level call_ended_time');
  return field.integer ? Type.Integer({ minimum: 0, description }) : Type.Number({ minimum: 0, description });
}

function audioStats(variant: PayloadVariant) {
  const properties: Record<string, TSchema> = {};
  for (const field of AUDIO_STATS_FIELDS) {
    const name = variant === 'table' ? field.table : field.example;
    if (name !== null) properties[name] = audioField(field, variant);
  }
  return Type.Object(properties, {
    additionalProperties: false,
    description:
      variant === 'table'
        ? 'values from the RTC stats report, as the field table lists them'
        : 'values from the RTC stats report, as the documentation example and script produce them',
  });
}

function payload<A extends TSchema>(variant: PayloadVariant, audio: A) {
  return Type.Object(
    {
      platform: Type.Literal(PLATFORM, { description: 'where the call took place; "messenger" is the only value for now' }),
      call_id: Type.String({ minLength: 1, description: 'the id of the call whose data is submitted' }),
      end_call_reason: Type.Unsafe<EndCallReason>({
        type: 'string',
        enum: [...END_CALL_REASONS],
        description: 'why the call ended; one of the 22 values of the enum',
      }),
      end_call_subreason: Type.String({ description: 'free text from the business; specific error information' }),
      call_ended_time: unixSeconds('when the business received the hangup webhook or the terminate success response'),
      first_audio_packet_received_time: unixSeconds('when the first audio packet from the consumer was received'),
      audio_stats: audio,
      access_token: Type.Optional(
        Type.String({ description: 'Graph API access token, when sent in the body instead of the query or an Authorization header' }),
      ),
    },
    {
      additionalProperties: false,
      title: variant === 'table' ? 'call_metrics request body (field table)' : 'call_metrics request body (documentation example)',
      description:
        variant === 'table'
          ? 'POST /<PAGE_ID>/call_metrics as the documentation field table lists it: _ms units and audio_stats.call_ended_time'
          : 'POST /<PAGE_ID>/call_metrics as the documentation example and its transformRtcStats script produce it: _sec keys, no audio_stats.call_ended_time',
    },
  );
}

/** The contract: the documentation's field table. */
export const TablePayloadSchema = payload('table', audioStats('table'));
/** What the documentation's example and script produce. */
export const ExamplePayloadSchema = payload('example', audioStats('example'));

/** audio_stats as the field table lists it (the static type is written out: TypeBox cannot infer computed keys). */
export interface TableAudioStats {
  /** Unix seconds, integer */
  call_ended_time: number;
  /** seconds (getStats' unit; see payloadFields.ts) */
  jitter: number;
  /** packets, integer ≥ 0 */
  packets_lost: number;
  /** packets, integer ≥ 0 */
  packets_received: number;
  /** ms, average over the call */
  round_trip_time_ms: number;
  /** ms, average per emitted sample */
  jitter_buffer_delay_ms: number;
  /** samples, integer ≥ 0 */
  concealed_samples: number;
  /** samples, integer ≥ 0, ≤ concealed_samples */
  silent_concealed_samples: number;
  /** ms */
  total_samples_duration_ms: number;
}

/** audio_stats as the documentation's example and script produce it. */
export interface ExampleAudioStats {
  /** seconds */
  jitter_sec: number;
  /** packets, integer ≥ 0 */
  packets_lost: number;
  /** packets, integer ≥ 0 */
  packets_received: number;
  /** seconds (the script copies the running sum totalRoundTripTime) */
  round_trip_time_sec: number;
  /** seconds (the script copies the running sum jitterBufferDelay) */
  jitter_buffer_delay_sec: number;
  /** samples, integer ≥ 0 */
  concealed_samples: number;
  /** samples, integer ≥ 0 */
  silent_concealed_samples: number;
  /** seconds */
  total_samples_duration_sec: number;
}

type TopLevel = Omit<Static<typeof TablePayloadSchema>, 'audio_stats'>;

/** The request body the contract (field table) asks for. */
export interface CallMetricsPayload extends TopLevel {
  audio_stats: TableAudioStats;
}

/** The request body as the documentation's example shows it. */
export interface ExamplePayload extends TopLevel {
  audio_stats: ExampleAudioStats;
}

/** The schema of one variant. */
export function payloadSchema(variant: PayloadVariant): TSchema {
  return variant === 'table' ? TablePayloadSchema : ExamplePayloadSchema;
}
