/**
 * The options of `callsoak.placeCall()` and `call.impair()` in the Playwright API (a Playwright
 * worker): their schema and their validation. A mistake throws one error naming each bad field,
 * with the relay's own messages for networks and impairments.
 */
import { Type, type Static } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { validateImpairment, validateNetwork, type Impairment, type NetworkSpec } from '../relay/impairmentSchema.ts';

/** How long a call talks when the test never hangs it up, seconds. */
export const DEFAULT_MAX_TALK_SECONDS = 600;

const NAME_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const PlaceCallOptionsSchema = Type.Object(
  {
    /** the consumer's network (its relay legs): a profile name ('4g', 'wifi', …) or { profile?, up?, down? }; default 'clean' */
    network: Type.Optional(Type.Unknown()),
    /** the business's network, the same way; default 'clean' */
    businessNetwork: Type.Optional(Type.Unknown()),
    /** how long the call talks at most before the consumer hangs up by itself, seconds; default 600 */
    maxTalkSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 })),
    /** the call's name in its result (`scenario`) and its relay seed key; default `<test title>-<n>` */
    name: Type.Optional(Type.String({ pattern: NAME_PATTERN, maxLength: 80, expected: "a kebab-case name of at most 80 characters, like 'lossy-4g-call'" })),
  },
  { additionalProperties: false },
);

/** What `callsoak.placeCall()` takes; every field optional. */
export type PlaceCallOptions = Omit<Static<typeof PlaceCallOptionsSchema>, 'network' | 'businessNetwork'> & {
  /** the consumer's network (its relay legs): a profile name ('4g', 'wifi', …) or { profile?, up?, down? }; default 'clean' */
  network?: NetworkSpec;
  /** the business's network, the same way; default 'clean' */
  businessNetwork?: NetworkSpec;
};

const Role = Type.Union([Type.Literal('consumer'), Type.Literal('business')]);
const Direction = Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('both')]);

/** `call.impair()`: the scenario `impair` step without `do`; role and direction have defaults. */
export const ImpairOptionsSchema = Type.Object(
  {
    /** whose legs: 'consumer' or 'business'; default 'consumer' */
    role: Type.Optional(Role),
    /** 'up' (peer → relay), 'down' (relay → peer) or 'both'; default 'both' */
    direction: Type.Optional(Direction),
    /** the legs' new impairment, replacing the current one (harness/relay/impairmentSchema.ts) */
    impairment: Type.Unknown(),
  },
  { additionalProperties: false },
);

export type ImpairOptions = Omit<Static<typeof ImpairOptionsSchema>, 'impairment'> & {
  /** the legs' new impairment, replacing the current one: { loss, delayMs, jitterMs, rateKbps, … } */
  impairment: Impairment;
};

/** Thrown for a bad option: the message names every bad field. */
export class CallsoakOptionsError extends Error {
  override name = 'CallsoakOptionsError';
}

function fail(where: string, errors: string[]): never {
  throw new CallsoakOptionsError(`${where}: ${errors.length === 1 ? errors[0] : `\n  ${errors.join('\n  ')}`}`);
}

/** @throws CallsoakOptionsError naming each bad field of `callsoak.placeCall(options)` */
export function parsePlaceCallOptions(value: unknown): PlaceCallOptions {
  const options = value ?? {};
  const errors = schemaErrors(PlaceCallOptionsSchema, options);
  if (errors.length === 0) {
    const { network, businessNetwork } = options as { network?: unknown; businessNetwork?: unknown };
    if (network !== undefined) errors.push(...validateNetwork(network, 'network'));
    if (businessNetwork !== undefined) errors.push(...validateNetwork(businessNetwork, 'businessNetwork'));
  }
  if (errors.length > 0) fail('callsoak.placeCall()', errors);
  return options as PlaceCallOptions;
}

/** @throws CallsoakOptionsError naming each bad field of `call.impair(options)` */
export function parseImpairOptions(value: unknown): Required<ImpairOptions> {
  const errors = schemaErrors(ImpairOptionsSchema, value ?? {});
  if (errors.length === 0) errors.push(...validateImpairment((value as { impairment: unknown }).impairment, 'impairment'));
  if (errors.length > 0) fail('call.impair()', errors);
  const options = value as ImpairOptions;
  return { role: options.role ?? 'consumer', direction: options.direction ?? 'both', impairment: options.impairment };
}
