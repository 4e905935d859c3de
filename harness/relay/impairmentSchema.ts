/**
 * The impairment of one leg direction, and what a scenario writes per peer. Field semantics
 * follow netem and libwebrtc's SimulatedNetwork (see the reference "impairment-models"):
 * pipeline order per packet is blackout → queue limit → rate (serialisation) → loss →
 * delay + jitter (→ reorder) → duplicate.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { show } from '../schema/schemaText.ts';
import { PROFILE_NAMES, PROFILES } from './profiles.ts';

const Probability = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

/** independent loss with probability `rate` per packet */
export const RandomLossSchema = Type.Object(
  {
    model: Type.Literal('random'),
    rate: Probability('probability that a packet is lost, 0..1'),
  },
  { additionalProperties: false },
);

/**
 * Gilbert-Elliott two-state loss, netem's `loss gemodel p r 1-h 1-k`: the state decides the
 * current packet's fate, then moves (good→bad with p, bad→good with r).
 */
export const GilbertElliottLossSchema = Type.Object(
  {
    model: Type.Literal('gilbertElliott'),
    p: Probability('per-packet probability of moving from the good to the bad state'),
    r: Probability('per-packet probability of moving from the bad back to the good state (mean burst = 1/r packets when h = 0)'),
    h: Type.Optional(Probability('probability that a packet in the bad state is delivered; default 0 (netem passes 1-h)')),
    k: Type.Optional(Probability('probability that a packet in the good state is delivered; default 1 (netem passes 1-k)')),
  },
  { additionalProperties: false },
);

/** bursty loss from an average rate and mean burst length, libwebrtc SimulatedNetwork's (loss_percent, avg_burst_loss_length) */
export const BurstLossSchema = Type.Object(
  {
    model: Type.Literal('burst'),
    lossRate: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'long-run fraction of packets lost, in [0, 1)' }),
    meanBurstPackets: Type.Number({ minimum: 1, maximum: 10000, description: 'mean number of consecutive packets lost per burst; must be ≥ lossRate/(1−lossRate)' }),
  },
  { additionalProperties: false },
);

export const LossSchema = Type.Union([Probability('random loss probability, 0..1 (shorthand for { model: "random", rate })'), RandomLossSchema, GilbertElliottLossSchema, BurstLossSchema], {
  description: 'packet loss: a probability 0..1, or { model: "random" | "gilbertElliott" | "burst", ... }; default 0',
});

/** the fields a schedule step may change */
const linkFields = {
  /** loss model; default 0 (none) */
  loss: Type.Optional(LossSchema),
  /** fixed one-way delay added to every packet, ms; default 0 */
  delayMs: Type.Optional(Type.Number({ minimum: 0, maximum: 60000, description: 'one-way delay added to every packet, ms; default 0' })),
  /** jitter, ms: σ for normal and pareto, ±range for uniform; default 0 */
  jitterMs: Type.Optional(Type.Number({ minimum: 0, maximum: 10000, description: 'delay variation, ms: standard deviation (normal, pareto) or ± half-range (uniform); default 0' })),
  /** shape of the jitter; default 'normal' */
  jitterDistribution: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('uniform'), Type.Literal('pareto')], { description: "jitter shape: 'normal' | 'uniform' | 'pareto' (heavy right tail, mean 0); default 'normal'" })),
  /** whether jitter may deliver a packet before one sent earlier; default false (SimulatedNetwork's allow_reordering) */
  allowReorder: Type.Optional(Type.Boolean({ description: 'let jitter reorder packets; when false a packet never arrives before the previous one; default false' })),
  /** link capacity, kbit/s; 0 = unlimited; default 0 */
  rateKbps: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000_000, description: 'link capacity, kbit/s; 0 = unlimited; default 0' })),
  /** bytes added to each packet's size for the rate limit (IP/UDP headers, ...); default 0 */
  packetOverheadBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1500, description: 'bytes counted on top of each packet by the rate limit (e.g. 28 for IPv4+UDP); default 0' })),
  /** queue limit in packets before tail drop (also bounds blackout hold); default 1000 (netem's limit) */
  queuePackets: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'queue in front of the rate limit (and blackout hold buffer), packets; tail drop beyond; default 1000' })),
  /** queue limit in bytes before tail drop; default unlimited */
  queueBytes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'queue limit, bytes; tail drop beyond; default unlimited' })),
  /** probability that a delivered packet is delivered twice; default 0 */
  duplicate: Type.Optional(Probability('probability that a packet is delivered twice, 0..1; default 0')),
  /** probability that a packet skips the delay (netem `reorder`), overtaking earlier ones; needs delayMs > 0; default 0 */
  reorder: Type.Optional(Probability('probability that a packet is sent without the delay, overtaking earlier ones (netem reorder); needs delayMs > 0; default 0')),
};

export const BlackoutSchema = Type.Object(
  {
    /** start, ms after the impairment was set */
    atMs: Type.Number({ minimum: 0, maximum: 86_400_000, description: 'start, ms after the impairment was set' }),
    /** length, ms */
    durationMs: Type.Number({ exclusiveMinimum: 0, maximum: 86_400_000, description: 'length, ms' }),
    /** 'drop' loses everything; 'hold' buffers and releases at the end (bounded by queuePackets); default 'drop' */
    mode: Type.Optional(Type.Union([Type.Literal('drop'), Type.Literal('hold')], { description: "'drop' loses every packet; 'hold' buffers them and releases them at the end; default 'drop'" })),
  },
  { additionalProperties: false },
);

export const ScheduleStepSchema = Type.Object(
  {
    /** when the listed fields take effect, ms after the impairment was set */
    atMs: Type.Number({ minimum: 0, maximum: 86_400_000, description: 'when these fields take effect, ms after the impairment was set' }),
    ...linkFields,
  },
  { additionalProperties: false },
);

export const ImpairmentSchema = Type.Object(
  {
    ...linkFields,
    /** windows in which nothing gets through; default none */
    blackouts: Type.Optional(Type.Array(BlackoutSchema, { maxItems: 1000, description: 'windows where nothing passes: [{ atMs, durationMs, mode }]' })),
    /** changes over time: from each step's atMs on, its fields replace the current ones (steps apply cumulatively in atMs order) */
    schedule: Type.Optional(Type.Array(ScheduleStepSchema, { maxItems: 1000, description: 'changes over time: [{ atMs, ...fields }], applied cumulatively in atMs order' })),
    /** also drop TURN control messages (Allocate, Refresh, CreatePermission, ChannelBind and responses) by loss and blackouts; default false */
    impairControl: Type.Optional(Type.Boolean({ description: 'apply loss and blackouts to TURN control messages too; default false' })),
  },
  { additionalProperties: false, description: 'impairment of one leg direction' },
);

export type Impairment = Static<typeof ImpairmentSchema>;
export type LossSpec = Static<typeof LossSchema>;
export type ScheduleStep = Static<typeof ScheduleStepSchema>;
export type Blackout = Static<typeof BlackoutSchema>;

/** fields of an impairment that a schedule step can set */
export type LinkFields = Omit<ScheduleStep, 'atMs'>;

/**
 * Every problem with an impairment, e.g. `network.consumer.up.loss must be 0..1, got 5`.
 * Structural errors first; cross-field rules only once the structure is valid.
 */
export function validateImpairment(value: unknown, fieldPath: string): string[] {
  const errors = schemaErrors(ImpairmentSchema, value, fieldPath);
  if (errors.length > 0) return errors;
  const impairment = value as Impairment;
  checkLinkRules(impairment, fieldPath, errors);
  checkBlackoutsDisjoint(impairment.blackouts ?? [], fieldPath, errors);
  let current: LinkFields = { ...impairment };
  const steps = [...(impairment.schedule ?? [])].map((step, index) => ({ step, index })).sort((a, b) => a.step.atMs - b.step.atMs);
  for (const { step, index } of steps) {
    current = { ...current, ...stripAt(step) };
    checkLinkRules(current, `${fieldPath}.schedule[${index}]`, errors, step);
  }
  return errors;
}

/** throws, listing every problem, when `impairment` is not valid; `fieldPath` prefixes each (`call-1.consumer.up`) */
export function assertValidImpairment(impairment: unknown, fieldPath: string): void {
  const errors = validateImpairment(impairment, fieldPath);
  if (errors.length > 0) throw new Error(`invalid impairment:\n  ${errors.join('\n  ')}`);
}

function checkBlackoutsDisjoint(blackouts: Blackout[], path: string, errors: string[]): void {
  const windows = blackouts.map((blackout, index) => ({ ...blackout, index })).sort((a, b) => a.atMs - b.atMs);
  for (let i = 1; i < windows.length; i++) {
    const previous = windows[i - 1]!;
    const window = windows[i]!;
    const previousEnd = previous.atMs + previous.durationMs;
    if (window.atMs < previousEnd) {
      errors.push(`${path}.blackouts[${window.index}] overlaps blackouts[${previous.index}] (which ends at ${previousEnd} ms): atMs must be ≥ ${previousEnd}, got ${window.atMs}`);
    }
  }
}

function stripAt(step: ScheduleStep): LinkFields {
  const { atMs: _atMs, ...fields } = step;
  return fields;
}

/** rules between fields; `own` limits reports to the fields a schedule step itself sets */
function checkLinkRules(fields: LinkFields, path: string, errors: string[], own: LinkFields = fields): void {
  const loss = fields.loss;
  if (own.loss !== undefined && typeof loss === 'object' && loss.model === 'burst') {
    const minimum = loss.lossRate / (1 - loss.lossRate);
    if (loss.meanBurstPackets < minimum) {
      errors.push(`${path}.loss.meanBurstPackets must be ≥ ${round(minimum)} for lossRate ${loss.lossRate} (bursts must cover lossRate/(1−lossRate)), got ${loss.meanBurstPackets}`);
    }
  }
  if ((fields.reorder ?? 0) > 0 && (fields.delayMs ?? 0) === 0 && (own.reorder !== undefined || own.delayMs !== undefined)) {
    errors.push(`${path}.reorder needs delayMs > 0 (a reordered packet is one that skips the delay), got reorder ${show(fields.reorder)} with delayMs ${show(fields.delayMs ?? 0)}`);
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** what a scenario writes per peer: a profile name, or a profile refined (or replaced) per direction */
export const NetworkSpecSchema = Type.Union(
  [
    Type.String({ minLength: 1, description: 'a profile name' }),
    Type.Object(
      {
        /** profile to start from; default 'clean' */
        profile: Type.Optional(Type.String({ minLength: 1, description: "profile to start from; default 'clean'" })),
        /** fields that override the profile's uplink (peer → relay) */
        up: Type.Optional(ImpairmentSchema),
        /** fields that override the profile's downlink (relay → peer) */
        down: Type.Optional(ImpairmentSchema),
      },
      { additionalProperties: false },
    ),
  ],
  { description: "a profile name, or { profile?, up?, down? }" },
);
export type NetworkSpec = Static<typeof NetworkSpecSchema>;

/** every problem with a peer's network spec (unknown profile, bad impairment fields) */
export function validateNetwork(value: unknown, fieldPath: string): string[] {
  const errors = schemaErrors(NetworkSpecSchema, value, fieldPath);
  if (errors.length > 0) return errors;
  const spec = value as NetworkSpec;
  const profile = typeof spec === 'string' ? spec : spec.profile;
  if (profile !== undefined && !(profile in PROFILES)) {
    errors.push(`${typeof spec === 'string' ? fieldPath : `${fieldPath}.profile`} ${show(profile)} is not a known profile (known: ${PROFILE_NAMES.join(', ')})`);
  }
  if (typeof spec === 'object') {
    if (spec.up !== undefined) errors.push(...validateImpairment(spec.up, `${fieldPath}.up`));
    if (spec.down !== undefined) errors.push(...validateImpairment(spec.down, `${fieldPath}.down`));
  }
  return errors;
}

/**
 * The uplink and downlink impairments a spec stands for: the profile's, with `up` / `down`
 * fields replacing the profile's field by field. Throws on an unknown profile (validate first).
 */
export function resolveNetwork(spec: NetworkSpec | undefined): { up: Impairment; down: Impairment } {
  if (spec === undefined) return { up: {}, down: {} };
  const name = typeof spec === 'string' ? spec : (spec.profile ?? 'clean');
  const profile = PROFILES[name];
  if (!profile) throw new Error(`unknown network profile ${show(name)} (known: ${PROFILE_NAMES.join(', ')})`);
  if (typeof spec === 'string') return { up: structuredClone(profile.up), down: structuredClone(profile.down) };
  return {
    up: { ...structuredClone(profile.up), ...structuredClone(spec.up ?? {}) },
    down: { ...structuredClone(profile.down), ...structuredClone(spec.down ?? {}) },
  };
}
