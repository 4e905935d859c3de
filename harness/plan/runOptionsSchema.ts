/**
 * Options of `callsoak run`: the one schema from which the option type, validation and the
 * `--help` text come. Each property becomes `--kebab-case-name`.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ExternalBusinessProperties } from './externalBusinessSchema.ts';

export const RunOptionsSchema = Type.Object(
  {
    scenario: Type.Optional(Type.Array(Type.String(), { description: 'scenario ids to run (see `callsoak list`)', minItems: 1 })),
    suite: Type.Optional(Type.String({ description: 'run every scenario tagged NAME (smoke, end-reasons, …)' })),
    scenariosDir: Type.Optional(Type.String({ description: 'folder of scenario files (default: the bundled scenarios/)' })),
    out: Type.Optional(Type.String({ description: 'run directory to write (default reports/<run-id>)' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: 'seed of every random decision; a run is reproduced by its seed (default: random, printed)' })),
    talkSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86_400, description: 'talk time of every call, seconds (default: each scenario\'s own, 10)' })),
    transform: Type.String({ default: 'spec', description: 'payload transform: spec, documented, or PATH of a module exporting transformRtcStats' }),
    history: Type.Optional(Type.String({ description: 'run history folder; every run is recorded there (default reports/history)' })),
    compareTo: Type.Optional(Type.String({ description: 'after the run, compare it with this baseline: last-green, a history id or a run directory; a regression exits 4' })),
    baselineRuns: Type.Integer({ default: 1, minimum: 1, maximum: 50, description: 'with --compare-to last-green: pool the last N green runs as the baseline' }),
    thresholds: Type.Optional(Type.String({ description: 'JSON file of thresholds on call metrics, k6 style: {"audio.jitter_ms": ["p(95)<30"]}; a breach exits 3' })),
    submitter: Type.Optional(Type.String({ description: 'PATH of a module exporting submitCallMetrics(payload, opts): the business submits with it instead of the default submitter' })),
    endpoint: Type.Optional(Type.String({ pattern: '^https?://', expected: 'an http:// or https:// URL', description: 'submit to this call_metrics base URL instead of the embedded endpoint' })),
    accessToken: Type.Optional(Type.String({ minLength: 1, description: 'access token for --endpoint' })),
    pageId: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_]+$', expected: "a page id of letters, digits and '_'", description: 'page id for --endpoint (default: the embedded endpoint\'s)' })),
    browserPath: Type.Optional(Type.String({ description: 'Chromium or Chrome executable (env CALLSOAK_CHROMIUM)' })),
    repeat: Type.Integer({ default: 1, minimum: 1, maximum: 1000, description: 'run each scenario N times (a distribution per metric)' }),
    repetitionOffset: Type.Integer({ default: 0, minimum: 0, maximum: 1_000_000, description: 'number of the first repetition; the relay\'s random streams derive from it (callsoak repro sets it)' }),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, description: 'parallel Playwright workers, each with its own browser, relay and endpoint (default 3)' })),
    shard: Type.Optional(Type.String({ description: 'run only part I/N of the calls (Playwright Test\'s --shard; 1 <= I <= N <= 64), e.g. 2/3 on the second of three machines; callsoak merge joins the parts' })),
    business: Type.Optional(
      Type.Union([Type.Literal('chromium'), Type.Literal('node'), Type.Literal('external')], {
        description: "run every business side as chromium (a page), node (a Node peer on libwebrtc), or external: your own integration, reached through its webhook (see --webhook-url, --business-command; docs/external-business.md)",
      }),
    ),
    config: Type.Optional(Type.String({ description: 'PATH of a config file (.ts, .js or .json) with the external business options (webhookUrl, businessCommand, …); implies --business external; flags win' })),
    ...ExternalBusinessProperties,
    consumer: Type.Optional(Type.Union([Type.Literal('chromium'), Type.Literal('node')], { description: 'run every consumer side as chromium or node, whatever the scenario says' })),
    sampleIntervalMs: Type.Integer({ default: 1000, minimum: 100, maximum: 60_000, description: 'getStats sampling period, ms' }),
  },
  { additionalProperties: false },
);

export type RunOptions = Static<typeof RunOptionsSchema>;
