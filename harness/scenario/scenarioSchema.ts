/**
 * The scenario file schema: the one source of the Scenario type, of load-time validation
 * and of the field docs. A scenario file in scenarios/ default-exports one of these.
 * Network and impairment fields are the relay's own schema (harness/relay/impairmentSchema.ts),
 * validated with its messages.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { END_CALL_REASONS } from '../contract/endCallReasons.ts';
import { literalUnion } from '../schema/literalUnion.ts';
import type { Impairment, NetworkSpec } from '../relay/impairmentSchema.ts';
import type { FaultPlan } from '../endpoint/faultPlanSchema.ts';

const Role = Type.Union([Type.Literal('consumer'), Type.Literal('business')]);
const Direction = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('both')]);
const MuteMethod = Type.Union([Type.Literal('enabled'), Type.Literal('replaceTrack')]);
const Ms = (description: string, max = 3_600_000) => Type.Integer({ minimum: 0, maximum: max, description });
const step = <N extends string, P extends Record<string, TSchema>>(name: N, props: P) =>
  Type.Object({ do: Type.Literal(name), ...props }, { additionalProperties: false });

/** Timeline steps, keyed by `do`. */
export const STEP_SCHEMAS = {
  /** the consumer places the call (microphone, offer); `join`: the third participant joins the first call instead */
  call: step('call', {}),
  /** the business calls the consumer (POST /calls connect; needs the consumer's call permission) */
  'business-call': step('business-call', {}),
  /** the consumer picks up the business's ringing call (waits for it to ring, then for the business's first audio) */
  'pick-up': step('pick-up', {}),
  /** the consumer answers the business's call permission request (waits for the request) */
  'permission-reply': step('permission-reply', { approve: Type.Boolean({ description: 'approve or decline' }) }),
  /** the consumer sends DTMF digits in RTP (RFC 4733): 500 ms tones, 100 ms gaps, as documented */
  dtmf: step('dtmf', { digits: Type.String({ pattern: '^[0-9*#A-Da-d]{1,20}$', expected: 'up to 20 DTMF digits: 0-9, *, #, A-D' }) }),
  /** the platform sends the business a webhook signed with a wrong secret, now: the business must ignore it */
  'forged-webhook': step('forged-webhook', { event: Type.Union([Type.Literal('terminate'), Type.Literal('connect')]) }),
  /** wait until the business rings */
  ring: step('ring', {}),
  /** the business accepts; by default the step ends when its first audio packet arrives */
  answer: step('answer', { waitForMedia: Type.Optional(Type.Boolean({ description: 'wait for the first inbound audio packet; default true' })) }),
  /** the business declines the ringing call */
  decline: step('decline', {}),
  /** the business lets it ring; nothing is done for `ms` (default: until the call ends by itself) */
  ignore: step('ignore', { ms: Type.Optional(Ms('ms')) }),
  /** both sides talk; `seconds` defaults to the scenario's talkSeconds (or --talk-seconds) */
  talk: step('talk', { seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description: 'seconds' })) }),
  /** mute a side's microphone: `enabled` sends silence, `replaceTrack` stops sending */
  mute: step('mute', { by: Role, method: MuteMethod }),
  unmute: step('unmute', { by: Role, method: MuteMethod }),
  /** change a leg's impairment now (relay) */
  impair: step('impair', { role: Role, direction: Direction, impairment: Type.Unknown() }),
  /** drop (or hold and release) everything on a side's legs for `ms` */
  blackout: step('blackout', {
    role: Role,
    direction: Type.Optional(Direction),
    ms: Ms('outage length, ms'),
    mode: Type.Optional(Type.Union([Type.Literal('drop'), Type.Literal('hold')])),
  }),
  /** one side hangs up; `code` (consumer only): the status the platform's terminate webhook carries (default Completed) */
  hangup: step('hangup', { by: Role, code: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) }),
  /** the consumer removes the business from the call (terminate webhook, status Removed) */
  remove: step('remove', {}),
  /** arm faults of the emulated platform: on the business's Graph requests and on webhooks (harness/platform/README.md) */
  'platform-fault': step('platform-fault', { plan: Type.Unknown() }),
  /** take a device permission away from a side's browser context */
  deny: step('deny', { role: Role, device: Type.Union([Type.Literal('microphone'), Type.Literal('camera')]) }),
  /** crash a side's page (its renderer dies) */
  crash: step('crash', { role: Role }),
  /** close a side's page, or navigate it away */
  close: step('close', { role: Role }),
  navigate: step('navigate', { role: Role }),
  /** a third participant places a call to the business: a new call (`call`) or a join of the ongoing one (`join`) */
  'third-participant': step('third-participant', { mode: Type.Union([Type.Literal('call'), Type.Literal('join')]) }),
  /** replace the embedded endpoint's fault plan from now on (see harness/endpoint/README.md) */
  'endpoint-faults': step('endpoint-faults', { plan: Type.Unknown() }),
  /** nothing happens for `ms` milliseconds */
  wait: step('wait', { ms: Ms('ms') }),
} as const;

export type StepKind = keyof typeof STEP_SCHEMAS;
export type Step = { [K in StepKind]: Static<(typeof STEP_SCHEMAS)[K]> }[StepKind];
export type StepOf<K extends StepKind> = Static<(typeof STEP_SCHEMAS)[K]>;

const Permission = Type.Union([Type.Literal('granted'), Type.Literal('denied')]);

export const PeerSpecSchema = Type.Object(
  {
    /** microphone permission of the side's browser context; default granted */
    microphone: Type.Optional(Permission),
    /** camera permission; default granted */
    camera: Type.Optional(Permission),
    /** network conditions of this side's legs (relay): a profile name or { profile?, up?, down? } */
    network: Type.Optional(Type.Unknown()),
    video: Type.Optional(Type.Boolean()),
    ringMuted: Type.Optional(Type.Boolean()),
    supportedVersions: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 })),
    /** consumer: the session version the platform's connect webhook names for this consumer's app; default none */
    sessionVersion: Type.Optional(Type.Integer({ minimum: 0 })),
    /** consumer: whether the connect webhook names the caller (`from`); default true */
    callerVisible: Type.Optional(Type.Boolean()),
    offerCodecs: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    maxParticipants: Type.Optional(Type.Integer({ minimum: 2, maximum: 50 })),
    /** business: ask for the consumer's call permission before calling them; default true */
    askPermission: Type.Optional(Type.Boolean()),
    incomingTimeoutMs: Type.Optional(Ms('ms')),
    inactiveTimeoutMs: Type.Optional(Ms('ms')),
    signalingTimeoutMs: Type.Optional(Ms('ms')),
    connectionLossMs: Type.Optional(Ms('ms')),
  },
  { additionalProperties: false },
);

/** what a participant runs in: a Chromium page, or a Node peer process on libwebrtc (@roamhq/wrtc) */
export const PeerRuntimeSchema = Type.Union([Type.Literal('chromium'), Type.Literal('node')]);

export const ScenarioSchema = Type.Object(
  {
    /** kebab-case id, unique across scenarios/, used by --scenario */
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, expected: "a kebab-case id of at most 80 characters, like 'drop-call'" }),
    /** one line a person reads in lists and reports */
    title: Type.String({ minLength: 1, maxLength: 200 }),
    /** suites this scenario belongs to (smoke, end-reasons, media, …) */
    tags: Type.Array(Type.String({ pattern: '^[a-z0-9-]+$', expected: "a tag of a-z, 0-9 and '-', like 'smoke'" }), { uniqueItems: true }),
    /** the end_call_reason the business agent must report */
    expectedEndCallReason: literalUnion(END_CALL_REASONS),
    /** text the subreason must contain, case-insensitive */
    expectedSubreason: Type.Optional(Type.String({ minLength: 1 })),
    /** whether the reported call carried audio; default: true unless the call never connected */
    expectMedia: Type.Optional(Type.Boolean()),
    /** which call the reason is expected on: the first, or the third participant's; default first */
    reportCall: Type.Optional(Type.Union([Type.Literal('first'), Type.Literal('third')])),
    /** default talk duration, seconds; default 10 */
    talkSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 })),
    /**
     * what this call's metrics must show, in threshold syntax: metric → expressions, e.g.
     * { 'audio.loss_pct': ['avg>=7', 'avg<=13'] } (metric list: `callsoak list`). A miss is a
     * failed check of the call.
     */
    expect: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String(), { minItems: 1 }))),
    /** the emulated platform's settings for this call */
    platform: Type.Optional(
      Type.Object(
        {
          /** how long the call may go unaccepted before the platform ends it, ms; default 60000 (as documented) */
          acceptTimeoutMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 60_000, description: 'accept window, ms' })),
          /** whether the edge's accept answer comes with Meta's renegotiation offer (audio moves to a second m-line); default false */
          renegotiate: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    /** how the embedded endpoint misbehaves for this call (fault plan); default: it behaves */
    endpointFaults: Type.Optional(Type.Unknown()),
    /** what the submission should come to: accepted once, or refused permanently without a retry; default accepted */
    expectSubmission: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('rejected')])),
    /** what the business runs in: 'chromium' (a page) or 'node' (a Node peer); default 'chromium'; `--business` overrides */
    business: Type.Optional(PeerRuntimeSchema),
    /** what the consumer (and a third participant) runs in; default 'chromium'; `--consumer` overrides */
    consumer: Type.Optional(PeerRuntimeSchema),
    /** per side: permissions, network, agent behaviour and timers */
    peers: Type.Optional(Type.Object({ consumer: Type.Optional(PeerSpecSchema), business: Type.Optional(PeerSpecSchema) }, { additionalProperties: false })),
    /** what happens, in order; each step waits for the previous one */
    timeline: Type.Array(Type.Object({ do: Type.String() }, { additionalProperties: true }), { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type PeerSpec = Omit<Static<typeof PeerSpecSchema>, 'network'> & { network?: NetworkSpec };
export type Scenario = Omit<Static<typeof ScenarioSchema>, 'timeline' | 'peers' | 'endpointFaults'> & {
  timeline: Step[];
  endpointFaults?: FaultPlan;
  peers?: { consumer?: PeerSpec; business?: PeerSpec };
};
export type { Impairment };

/** Default talk time when neither the scenario nor --talk-seconds sets one, seconds. */
export const DEFAULT_TALK_SECONDS = 10;
