/**
 * `test.use({ callsoakOptions: {...} })`: the worker-wide settings of the Playwright API (a
 * Playwright worker): the seed and the team's own payload transform and submitter, as the
 * CLI's `--seed`, `--transform` and `--submitter` take them.
 */
import { Type, type Static } from '@sinclair/typebox';
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
  },
  { additionalProperties: false },
);

export type CallsoakOptions = Static<typeof CallsoakOptionsSchema>;

/** @throws CallsoakOptionsError naming each bad field of `callsoakOptions` */
export function parseCallsoakOptions(value: unknown): CallsoakOptions {
  const errors = schemaErrors(CallsoakOptionsSchema, value ?? {}, 'callsoakOptions');
  if (errors.length > 0) throw new CallsoakOptionsError(`test.use({ callsoakOptions }): ${errors.join('; ')}`);
  return (value ?? {}) as CallsoakOptions;
}
