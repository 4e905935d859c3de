/**
 * What a scenario writes to make the embedded endpoint misbehave: the one source of the
 * FaultPlan type, its validation and its help text. A plan replaces the previous one
 * (`Endpoint.setFaults`), so a scenario timeline can switch faults on and off mid-run.
 *
 * Order of decisions for each POST to call_metrics: `throttle` (the next N requests, run-wide)
 * → `sequence` (by the call's attempt number since the plan was set) → `failRate` → `rateLimit`.
 * Random draws are seeded from (seed, the call's draw key, attempt). The harness registers each
 * call's key from the run seed, the scenario, the repetition and the call's place in it (call_ids
 * are random), so one run seed gives the same faults in every run, whatever order concurrent
 * calls' requests arrive in.
 */
import { Type, type Static } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';

/** Every fault the endpoint can inject. */
export const FAULT_KINDS = [
  'none',
  '5xx',
  'success_false',
  'timeout',
  'reset',
  'drop_after_accept',
  'throttle_4',
  'throttle_17',
  'throttle_32',
  'throttle_613',
  'permission',
  'invalid_parameter',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One line per fault kind, for help text and the README. */
export const FAULT_KIND_HELP: Record<FaultKind, string> = {
  none: 'no fault: the request is handled normally (a gap in a sequence)',
  '5xx': 'HTTP `serverErrorStatus` with Graph code 1 (code 2 for 503); nothing is stored',
  success_false: 'HTTP 200 `{"success": false}`; nothing is stored',
  timeout: 'no response: the request is held until the client gives up (or `timeoutHoldMs`)',
  reset: 'the connection is reset (TCP RST) without a response; nothing is stored',
  drop_after_accept: 'the submission is accepted and stored, then the connection is reset: the client never hears',
  throttle_4: 'Graph code 4, application throttling (HTTP `throttle.httpStatus`, default 403)',
  throttle_17: 'Graph code 17, user throttling',
  throttle_32: 'Graph code 32, page rate limit',
  throttle_613: 'Graph code 613, API rate limit',
  permission: 'Graph code 10, permission denied (permanent; HTTP 403)',
  invalid_parameter: 'Graph code 100, invalid parameter (permanent; HTTP 400), as for a payload Graph refuses',
};

const faultKind = Type.Union(FAULT_KINDS.map((k) => Type.Literal(k)));
const injectedFault = Type.Union(FAULT_KINDS.filter((k) => k !== 'none').map((k) => Type.Literal(k)));
const throttleCode = Type.Union([Type.Literal(4), Type.Literal(17), Type.Literal(32), Type.Literal(613)]);
const throttleStatus = Type.Union([Type.Literal(400), Type.Literal(403), Type.Literal(429)]);

export const FaultPlanSchema = Type.Object(
  {
    /** seed of every random draw; integer; default 1 */
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295, description: 'seed of every random draw; default 1' })),
    /** added to every response (not to `timeout`), ms; default 0 */
    latencyMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000, description: 'added to every response, ms; default 0' })),
    /** uniform random extra latency 0..latencyJitterMs, ms; default 0 */
    latencyJitterMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60_000, description: 'uniform random extra latency, ms; default 0' })),
    /** attempt N of every call (counted since this plan was set) gets sequence[N-1]; default [] */
    sequence: Type.Optional(
      Type.Array(faultKind, { maxItems: 100, description: "attempt N of every call gets sequence[N-1] ('none' = no fault); default []" }),
    ),
    /** probability that a request past the sequence gets a fault drawn from `failWith`, 0..1; default 0 */
    failRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'probability of a random fault, 0..1; default 0' })),
    /** the faults `failRate` draws from, equally likely; default ['5xx'] */
    failWith: Type.Optional(Type.Array(injectedFault, { minItems: 1, maxItems: 20, description: "faults failRate draws from; default ['5xx']" })),
    /** HTTP status of a `5xx` fault, 500..599; default 500 */
    serverErrorStatus: Type.Optional(Type.Integer({ minimum: 500, maximum: 599, description: 'HTTP status of a 5xx fault; default 500' })),
    /** how long a `timeout` request is held before its socket is destroyed, ms; default 60000 */
    timeoutHoldMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, description: 'how long a timeout request is held, ms; default 60000' })),
    /** throttle the next `requests` POSTs, run-wide, with Graph `code` */
    throttle: Type.Optional(
      Type.Object(
        {
          /** how many requests are throttled; integer ≥ 1 */
          requests: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'how many requests are throttled' }),
          /** Graph throttling code: 4, 17, 32 or 613; default 4 */
          code: Type.Optional(throttleCode),
          /** HTTP status of throttling answers (also for sequence/failWith throttles): 400, 403 or 429; default 403 */
          httpStatus: Type.Optional(throttleStatus),
        },
        { additionalProperties: false, description: 'throttle the next N requests' },
      ),
    ),
    /** a real sliding-window limit: more than `maxRequests` admitted within `windowMs` → throttled */
    rateLimit: Type.Optional(
      Type.Object(
        {
          /** requests admitted per window; integer ≥ 1 */
          maxRequests: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
          /** window length, ms */
          windowMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
          /** Graph code of the refusal; default 613 */
          code: Type.Optional(throttleCode),
          /** HTTP status of the refusal; default 403 */
          httpStatus: Type.Optional(throttleStatus),
        },
        { additionalProperties: false, description: 'sliding-window rate limit' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** A fault plan as a scenario writes it (every field optional; `{}` = no faults). */
export type FaultPlan = Static<typeof FaultPlanSchema>;

/** The plan that injects nothing. */
export const NO_FAULTS: FaultPlan = {};

/**
 * Validates a fault plan from a scenario file or option.
 * @param prefix field path used in messages, e.g. `endpoint.faults`
 */
export function parseFaultPlan(value: unknown, prefix = 'faults'): { ok: true; plan: FaultPlan } | { ok: false; errors: string[] } {
  const errors = schemaErrors(FaultPlanSchema, value, prefix);
  return errors.length === 0 ? { ok: true, plan: value as FaultPlan } : { ok: false, errors };
}

/** Help text: one line per field and per fault kind. */
export function faultPlanHelp(): string {
  const lines = ['Fault plan fields:'];
  for (const [name, schema] of Object.entries(FaultPlanSchema.properties)) {
    lines.push(`  ${name.padEnd(18)} ${(schema as { description?: string }).description ?? ''}`);
  }
  lines.push('Fault kinds:');
  for (const kind of FAULT_KINDS) lines.push(`  ${kind.padEnd(18)} ${FAULT_KIND_HELP[kind]}`);
  return lines.join('\n');
}
