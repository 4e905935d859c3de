/**
 * The scenario file schema: the one source of the Scenario type, of load-time validation
 * and of the field docs. A scenario file in scenarios/ default-exports one of these.
 */
import { Type, type Static } from '@sinclair/typebox';
import { END_CALL_REASONS } from '../contract/endCallReasons.ts';

const role = Type.Union([Type.Literal('consumer'), Type.Literal('business')]);

/** Timeline steps, keyed by `do`. Each entry: the step's own fields. */
export const STEP_SCHEMAS = {
  /** the consumer places the call (microphone, offer); the business starts ringing */
  call: Type.Object({ do: Type.Literal('call') }, { additionalProperties: false }),
  /** the business accepts; the step ends when its first audio packet arrives */
  answer: Type.Object({ do: Type.Literal('answer') }, { additionalProperties: false }),
  /** both sides talk; `seconds` defaults to the scenario's talkSeconds (or --talk-seconds) */
  talk: Type.Object(
    { do: Type.Literal('talk'), seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description: 'seconds' })) },
    { additionalProperties: false },
  ),
  /** one side hangs up */
  hangup: Type.Object({ do: Type.Literal('hangup'), by: role }, { additionalProperties: false }),
  /** nothing happens for `ms` milliseconds */
  wait: Type.Object({ do: Type.Literal('wait'), ms: Type.Integer({ minimum: 0, maximum: 3_600_000 }) }, { additionalProperties: false }),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export type Step = { [K in StepKind]: Static<(typeof STEP_SCHEMAS)[K]> }[StepKind];

export const ScenarioSchema = Type.Object(
  {
    /** kebab-case id, unique across scenarios/, used by --scenario */
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 }),
    /** one line a person reads in lists and reports */
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** suites this scenario belongs to (smoke, end-reasons, media, …) */
    tags: Type.Array(Type.String({ pattern: '^[a-z0-9-]+$' }), { uniqueItems: true }),
    /** the end_call_reason the business agent must report */
    expectedEndCallReason: Type.Union(END_CALL_REASONS.map((r) => Type.Literal(r))),
    /** default talk duration, seconds; default 10 */
    talkSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 })),
    /** what happens, in order; each step waits for the previous one */
    timeline: Type.Array(Type.Object({ do: Type.String() }, { additionalProperties: true }), { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Scenario = Omit<Static<typeof ScenarioSchema>, 'timeline'> & { timeline: Step[] };

/** Default talk time when neither the scenario nor --talk-seconds sets one, seconds. */
export const DEFAULT_TALK_SECONDS = 10;
