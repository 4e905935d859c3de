/**
 * `test.use({ callsoakOptions: {...} })`: the worker-wide settings of the Playwright API (a
 * Playwright worker): the seed, the team's own payload transform and submitter (as the CLI's
 * `--seed`, `--transform`, `--submitter`), and the team's own business integration with the
 * fields of the CLI's external business config (`webhookUrl`, `businessCommand`, …). Relative
 * paths are resolved against the directory of the Playwright config.
 */
import { isAbsolute, resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_BUSINESS_READY_TIMEOUT, ExternalBusinessProperties, type ExternalBusinessConfig } from '../plan/externalBusinessSchema.ts';
import { isBuiltInTransform } from '../plan/builtInTransform.ts';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { CallsoakOptionsError } from './placeCallOptions.ts';

export const CallsoakOptionsSchema = Type.Object(
  {
    /** the seed of the relay's random decisions and the submitter's retry waits; default 1 */
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1 })),
    /** payload transform: 'spec', 'documented', or the path of a module exporting transformRtcStats; default 'spec' */
    transform: Type.Optional(Type.String({ minLength: 1 })),
    /** path of a module exporting submitCallMetrics(payload, opts): the business submits with it; default callsoak's submitter */
    submitter: Type.Optional(Type.String({ minLength: 1 })),
    /** getStats sampling period, ms; default 1000 */
    sampleIntervalMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000 })),
    // the team's own integration instead of the reference business: with webhookUrl or businessCommand
    ...ExternalBusinessProperties,
    /** how long the integration may take to answer the webhook handshake, e.g. '30s'; default 30 s */
    businessReadyTimeout: Type.Optional(ExternalBusinessProperties.businessReadyTimeout),
  },
  { additionalProperties: false },
);

export type CallsoakOptions = Static<typeof CallsoakOptionsSchema>;

/** the fields that are paths, resolved against the config's directory */
const PATH_FIELDS = ['transform', 'submitter', 'businessCwd', 'businessDriver'] as const;
const EXTERNAL_FIELDS = Object.keys(ExternalBusinessProperties) as (keyof ExternalBusinessConfig)[];

/**
 * @param baseDir what relative paths are relative to: the Playwright config's directory
 * @throws CallsoakOptionsError naming each bad field of `callsoakOptions`
 */
export function parseCallsoakOptions(value: unknown, baseDir: string): CallsoakOptions {
  const options = { ...((value ?? {}) as Record<string, unknown>) };
  const errors = schemaErrors(CallsoakOptionsSchema, options, 'callsoakOptions');
  if (errors.length === 0) {
    if (options.businessCwd !== undefined && options.businessCommand === undefined) errors.push('callsoakOptions.businessCwd needs callsoakOptions.businessCommand');
    const external = EXTERNAL_FIELDS.filter((f) => options[f] !== undefined);
    if (external.length > 0 && options.webhookUrl === undefined && options.businessCommand === undefined) {
      errors.push(`callsoakOptions.${external[0]} is for your own integration, which needs callsoakOptions.webhookUrl (where it listens) or callsoakOptions.businessCommand (callsoak starts it)`);
    }
  }
  if (errors.length > 0) throw new CallsoakOptionsError(`test.use({ callsoakOptions }): ${errors.join('; ')}`);
  for (const field of PATH_FIELDS) {
    const path = options[field];
    if (typeof path !== 'string' || isAbsolute(path) || (field === 'transform' && isBuiltInTransform(path))) continue;
    options[field] = resolve(baseDir, path);
  }
  return options as CallsoakOptions;
}

/** The external business config in the options, or undefined for the reference business. */
export function externalBusinessOf(options: CallsoakOptions): ExternalBusinessConfig | undefined {
  if (options.webhookUrl === undefined && options.businessCommand === undefined) return undefined;
  const config: Record<string, unknown> = { businessReadyTimeout: options.businessReadyTimeout ?? DEFAULT_BUSINESS_READY_TIMEOUT };
  for (const field of EXTERNAL_FIELDS) if (options[field] !== undefined) config[field] = options[field];
  return config as ExternalBusinessConfig;
}
