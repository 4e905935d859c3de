/**
 * Thresholds as data (a JSON file, or a `thresholds` field the lead's scenario/suite files
 * may carry): metric key → list of expressions, k6 style. The TypeBox schema gives the
 * static type, the structural check and the help text; `validateThresholds` then reads
 * every key and expression and collects all problems before failing. Pure.
 */
import { Type, type Static } from '@sinclair/typebox';
import { schemaErrors } from '../schema/schemaErrors.ts';
import { METRIC_NAMES } from '../metrics/metrics.ts';
import { parseThresholdExpression, parseThresholdKey, type ThresholdExpression, type ThresholdKey } from './thresholdSyntax.ts';

export const ThresholdsSchema = Type.Record(
  Type.String({ description: 'a metric name, optionally with a filter: audio.jitter_ms or audio.loss_pct{scenario:packet-loss-10} or audio.rtt_ms{tag:smoke}' }),
  Type.Array(Type.String({ description: 'STAT OP NUMBER: STAT is avg, min, max, med, count or p(N); OP is <, <=, >, >= or ==' }), { minItems: 1 }),
  {
    title: 'callsoak thresholds',
    description: `Pass/fail limits on per-call metrics, aggregated over the calls each key selects. Metrics: ${METRIC_NAMES.join(', ')}.`,
  },
);

export type Thresholds = Static<typeof ThresholdsSchema>;

/** One key × one expression, parsed. */
export interface ParsedThreshold extends ThresholdKey {
  /** the key as written in the file */
  key: string;
  expression: ThresholdExpression;
}

export type ValidatedThresholds = { ok: true; thresholds: ParsedThreshold[] } | { ok: false; errors: string[] };

/**
 * @param prefix names the source in every error, e.g. `thresholds.json` or `scenarios/x.ts: thresholds`
 * @returns every threshold parsed, or every problem found (each names the key, the index and the problem)
 */
export function validateThresholds(value: unknown, prefix = 'thresholds'): ValidatedThresholds {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [`${prefix} must be an object of metric → list of expressions, e.g. {"audio.jitter_ms": ["p(95)<30"]}, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value) ?? String(value)}`] };
  }
  const errors: string[] = [];
  const thresholds: ParsedThreshold[] = [];
  const seen = new Map<string, string>();
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    const at = `${prefix}["${key}"]`;
    const parsedKey = parseThresholdKey(key);
    if (!parsedKey.ok) errors.push(`${at}: ${parsedKey.problem}`);
    else {
      const canonical = parsedKey.value.metric + parsedKey.value.filterText;
      const earlier = seen.get(canonical);
      if (earlier !== undefined) errors.push(`${at}: the same metric and filter as "${earlier}"; put all its expressions in one list`);
      else seen.set(canonical, key);
    }
    if (!Array.isArray(list)) {
      errors.push(`${at} must be a list of expressions like ["p(95)<30"], got ${JSON.stringify(list) ?? String(list)}`);
      continue;
    }
    if (list.length === 0) errors.push(`${at} is an empty list; give at least one expression like "p(95)<30" or remove the key`);
    list.forEach((item, i) => {
      if (typeof item !== 'string') {
        errors.push(`${at}[${i}] must be a string like "p(95)<30", got ${JSON.stringify(item) ?? String(item)}`);
        return;
      }
      const expression = parseThresholdExpression(item);
      if (!expression.ok) errors.push(`${at}[${i}]: ${expression.problem}`);
      else if (parsedKey.ok) thresholds.push({ ...parsedKey.value, key, expression: expression.value });
    });
  }
  // the schema is the contract other tools read; a disagreement with the hand-written checks above is a bug here
  if (errors.length === 0) errors.push(...schemaErrors(ThresholdsSchema, value, prefix));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, thresholds };
}
