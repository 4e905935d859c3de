/**
 * The k6-style threshold language: keys `metric` or `metric{scenario:ID,tag:NAME}`, and
 * expressions `STAT OP NUMBER` with STAT one of avg, min, max, med, count, p(N). Parsing
 * returns a sentence naming the problem instead of throwing, so every problem of a file can
 * be collected. Pure.
 */
import { isMetricName, METRIC_NAMES, type MetricName } from '../metrics/metrics.ts';

export const STATS = ['avg', 'min', 'max', 'med', 'count'] as const;
export const OPERATORS = ['<=', '>=', '==', '<', '>'] as const;
export const FILTER_KEYS = ['scenario', 'tag'] as const;

export type Operator = (typeof OPERATORS)[number];
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface ThresholdExpression {
  /** the expression as written, whitespace removed, e.g. `p(95)<30` */
  text: string;
  stat: (typeof STATS)[number] | 'p';
  /** for `p(N)`: N, 0 < N ≤ 100 */
  percentile?: number;
  op: Operator;
  /** the limit, in the metric's unit */
  value: number;
}

export interface ThresholdKey {
  metric: MetricName;
  /** the filters; a call must match all of them */
  filter: Partial<Record<FilterKey, string>>;
  /** the filter as written canonically, e.g. `{scenario:packet-loss-10}`; '' when none */
  filterText: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Edit distance, to suggest the metric a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[b.length]!;
}

function unknownMetric(name: string): string {
  const closest = [...METRIC_NAMES].sort((x, y) => distance(name, x) - distance(name, y))[0]!;
  const hint = distance(name, closest) <= 3 ? ` (did you mean '${closest}'?)` : '';
  return `unknown metric '${name}'${hint}; metrics: ${METRIC_NAMES.join(', ')}`;
}

const FILTER_VALUE = /^[A-Za-z0-9._-]+$/;

export function parseThresholdKey(key: string): Parsed<ThresholdKey> {
  const match = /^\s*([^{}\s]*)\s*(?:\{([^{}]*)\})?\s*$/.exec(key);
  if (!match) return { ok: false, problem: `'${key}' is not a metric name with an optional {filter}, e.g. audio.jitter_ms{scenario:hangup-call}` };
  const name = match[1]!;
  if (name === '') return { ok: false, problem: 'the metric name is missing before the filter' };
  if (!isMetricName(name)) return { ok: false, problem: unknownMetric(name) };
  const filter: Partial<Record<FilterKey, string>> = {};
  if (match[2] !== undefined) {
    const parts = match[2].split(',').map((p) => p.trim());
    if (parts.length === 1 && parts[0] === '') return { ok: false, problem: 'the filter {} is empty; write {scenario:ID} or {tag:NAME}, or drop the braces' };
    for (const part of parts) {
      const colon = part.indexOf(':');
      const k = (colon < 0 ? part : part.slice(0, colon)).trim();
      const v = colon < 0 ? '' : part.slice(colon + 1).trim();
      if (!(FILTER_KEYS as readonly string[]).includes(k)) return { ok: false, problem: `unknown filter '${k}' in {${match[2]}}; filter by ${FILTER_KEYS.map((f) => `${f}:VALUE`).join(' or ')}` };
      if (!FILTER_VALUE.test(v)) return { ok: false, problem: `filter ${k} needs a value of letters, digits, '.', '_' or '-', got '${v}'` };
      if (filter[k as FilterKey] !== undefined) return { ok: false, problem: `filter ${k} is given twice` };
      filter[k as FilterKey] = v;
    }
  }
  const filterText = Object.keys(filter).length ? `{${FILTER_KEYS.filter((k) => filter[k] !== undefined).map((k) => `${k}:${filter[k]}`).join(',')}}` : '';
  return { ok: true, value: { metric: name, filter, filterText } };
}

export function parseThresholdExpression(expression: string): Parsed<ThresholdExpression> {
  const text = expression.replace(/\s+/g, '');
  const quoted = `'${expression}'`;
  if (text === '') return { ok: false, problem: 'the expression is empty; write e.g. p(95)<30' };
  const bare = /^p(\d+(?:\.\d+)?)/.exec(text);
  if (bare) return { ok: false, problem: `${quoted}: write the percentile in parentheses, p(${bare[1]})` };
  const statMatch = /^(p\(([^)]*)\)|[a-z]+)/.exec(text);
  if (!statMatch) return { ok: false, problem: `${quoted} does not start with a statistic; use ${STATS.join(', ')} or p(N)` };
  let stat: ThresholdExpression['stat'];
  let percentile: number | undefined;
  if (statMatch[2] !== undefined) {
    percentile = Number(statMatch[2]);
    if (statMatch[2] === '' || !Number.isFinite(percentile) || percentile <= 0 || percentile > 100) {
      return { ok: false, problem: `${quoted}: the percentile in p(N) must be a number above 0 and at most 100, got '${statMatch[2]}'` };
    }
    stat = 'p';
  } else if ((STATS as readonly string[]).includes(statMatch[1]!)) {
    stat = statMatch[1] as ThresholdExpression['stat'];
  } else {
    return { ok: false, problem: `${quoted}: unknown statistic '${statMatch[1]}'; use ${STATS.join(', ')} or p(N)` };
  }
  const rest = text.slice(statMatch[0].length);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) return { ok: false, problem: `${quoted}: expected an operator (${['<', '<=', '>', '>=', '=='].join(' ')}) after '${statMatch[0]}'${rest ? `, got '${rest}'` : ''}` };
  const number = rest.slice(op.length);
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(number)) {
    return { ok: false, problem: `${quoted}: expected a number after '${op}'${number ? `, got '${number}'` : ''}` };
  }
  const value = Number(number);
  return { ok: true, value: { text, stat, ...(percentile !== undefined ? { percentile } : {}), op, value } };
}

/** `p(95)` or `avg`: the statistic as written in messages. */
export function statLabel(expression: ThresholdExpression): string {
  return expression.stat === 'p' ? `p(${expression.percentile})` : expression.stat;
}

export function compare(measured: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
      return measured === limit;
  }
}
