/**
 * Options of `callsoak compare`: the one schema from which the option type, validation and
 * the `--help` text come. Each property becomes `--kebab-case-name`.
 */
import { Type, type Static } from '@sinclair/typebox';

import { LAST_GREEN } from '../history/loadComparedRun.ts';

export const CompareOptionsSchema = Type.Object(
  {
    baseline: Type.Optional(
      Type.String({ minLength: 1, description: `the baseline: ${LAST_GREEN} (the latest passed run in the history before CURRENT), a run directory or a history id; then give only CURRENT` }),
    ),
    baselineRuns: Type.Integer({
      default: 1,
      minimum: 1,
      maximum: 100,
      description: `with --baseline ${LAST_GREEN}: pool the calls of this many latest green runs into the baseline, so it holds run-to-run variation`,
    }),
    history: Type.Optional(Type.String({ minLength: 1, description: 'history directory (default reports/history)' })),
    alpha: Type.Number({ default: 0.05, exclusiveMinimum: 0, maximum: 0.5, description: 'significance level after the multiple-comparison adjustment' }),
    adjust: Type.Union([Type.Literal('holm'), Type.Literal('bh')], {
      default: 'holm',
      description: 'multiple-comparison adjustment: holm (chance of any false flag ≤ alpha) or bh (Benjamini–Hochberg: false discovery rate, more power when many metrics move)',
    }),
    minCalls: Type.Integer({ default: 5, minimum: 2, maximum: 100_000, description: 'fewest calls with a value per side before a metric is tested' }),
    out: Type.Optional(Type.String({ minLength: 1, description: "folder for compare.md and compare.html (default: CURRENT's run directory; nothing is written for a history id)" })),
  },
  { additionalProperties: false },
);

export type CompareCliOptions = Static<typeof CompareOptionsSchema>;
