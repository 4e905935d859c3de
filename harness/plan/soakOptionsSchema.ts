/**
 * Options of `callsoak soak`: the one schema from which the option type, validation and the
 * `--help` text come. Each property becomes `--kebab-case-name`. Durations are written
 * 90s, 10m, 2h or 1h30m.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DURATION_EXPECTED, DURATION_PATTERN } from '../schema/parseDuration.ts';
import { ExternalBusinessProperties } from './externalBusinessSchema.ts';

const Duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, minLength: 2, expected: DURATION_EXPECTED, description });
const Runtime = (side: string) => Type.Optional(Type.Union([Type.Literal('chromium'), Type.Literal('node')], { description: `run every ${side} as chromium (a page) or node (a Node peer)` }));

export const SoakOptionsSchema = Type.Object(
  {
    duration: Duration('how long to hold the calls: 90s, 10m, 2h, 1h30m'),
    calls: Type.Integer({ default: 4, minimum: 1, maximum: 200, description: 'concurrent calls held for the whole duration' }),
    churn: Type.Optional(Duration('a call ends and the next one starts this often (per call slot, staggered); default: each call lasts the whole soak')),
    cycle: Type.Array(Type.String(), { default: ['hangup-call'], minItems: 1, description: 'scenario ids each call slot runs in turn (their end reasons); their talk time is the churn interval' }),
    profiles: Type.Optional(Type.Array(Type.String(), { minItems: 1, description: 'network profiles applied in turn to every call\'s legs (see `callsoak list`)' })),
    rotateEvery: Type.String({ default: '5m', pattern: DURATION_PATTERN, minLength: 2, expected: DURATION_EXPECTED, description: 'how often --profiles moves to the next profile' }),
    workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 64, description: 'Playwright workers (each with its own browser, relay and endpoint) the calls are spread over (default: min(calls, 2))' })),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 32 - 1, description: 'seed of every random decision (default: random, printed)' })),
    out: Type.Optional(Type.String({ description: 'run directory to write (default reports/<run-id>)' })),
    history: Type.Optional(Type.String({ description: 'run history folder; every soak is recorded there, as a soak (default reports/history)' })),
    compareTo: Type.Optional(Type.String({ description: "after the soak, compare its calls' metrics with this baseline: last-green (the latest passed soak), a history id or a run directory; a regression exits 4" })),
    baselineRuns: Type.Integer({ default: 1, minimum: 1, maximum: 50, description: 'with --compare-to last-green: pool the last N green soaks as the baseline' }),
    scenariosDir: Type.Optional(Type.String({ description: 'folder of scenario files (default: the bundled scenarios/)' })),
    browserPath: Type.Optional(Type.String({ description: 'Chromium or Chrome executable (env CALLSOAK_CHROMIUM)' })),
    business: Type.Optional(
      Type.Union([Type.Literal('chromium'), Type.Literal('node'), Type.Literal('external')], {
        description: 'run every business as chromium (a page), node (a Node peer), or external: your own integration (see --webhook-url, --business-command)',
      }),
    ),
    config: Type.Optional(Type.String({ description: 'PATH of a config file (.ts, .js or .json) with the external business options; implies --business external; flags win' })),
    ...ExternalBusinessProperties,
    consumer: Runtime('consumer'),
    pages: Type.Union([Type.Literal('shared'), Type.Literal('own')], {
      default: 'shared',
      description: "shared: a worker's Chromium participants share pages (a page each costs a renderer and an audio output; sides whose scenario crashes, closes, navigates or denies get their own anyway); own: a page per participant, as `run` does",
    }),
    sampleIntervalMs: Type.Integer({ default: 1000, minimum: 100, maximum: 60_000, description: 'getStats sampling period, ms' }),
    maxMemorySlope: Type.Number({ default: 1, exclusiveMinimum: 0, maximum: 10_000, description: 'largest growth of the harness\'s RSS the soak accepts, MB per hour (linear regression)' }),
  },
  { additionalProperties: false },
);

export type SoakOptions = Static<typeof SoakOptionsSchema>;
