/**
 * The threshold language as users write it (k6 style): what is accepted, and the exact
 * message for each mistake, naming the key, the index and the problem.
 */
import { test, expect } from '@playwright/test';
import { parseThresholdExpression, parseThresholdKey } from '../../../harness/thresholds/thresholdSyntax.ts';
import { validateThresholds } from '../../../harness/thresholds/thresholdsSchema.ts';
import { METRIC_NAMES } from '../../../harness/metrics/metrics.ts';

test('expressions: every statistic and operator, spaces allowed, numbers in any JSON-ish form', () => {
  expect(parseThresholdExpression('p(95)<30')).toEqual({ ok: true, value: { text: 'p(95)<30', stat: 'p', percentile: 95, op: '<', value: 30 } });
  expect(parseThresholdExpression(' p(99.9) <= 1e3 ')).toEqual({ ok: true, value: { text: 'p(99.9)<=1e3', stat: 'p', percentile: 99.9, op: '<=', value: 1000 } });
  expect(parseThresholdExpression('avg<1')).toMatchObject({ ok: true, value: { stat: 'avg', op: '<', value: 1 } });
  expect(parseThresholdExpression('min>=-0.5')).toMatchObject({ ok: true, value: { stat: 'min', op: '>=', value: -0.5 } });
  expect(parseThresholdExpression('max > .25')).toMatchObject({ ok: true, value: { stat: 'max', op: '>', value: 0.25 } });
  expect(parseThresholdExpression('med==40')).toMatchObject({ ok: true, value: { stat: 'med', op: '==', value: 40 } });
  expect(parseThresholdExpression('count>=3')).toMatchObject({ ok: true, value: { stat: 'count', op: '>=', value: 3 } });
  expect(parseThresholdExpression('p(100)<5')).toMatchObject({ ok: true, value: { percentile: 100 } });
});

test('expression mistakes: each gets a sentence that quotes it and says what is wrong', () => {
  const problem = (text: string) => {
    const parsed = parseThresholdExpression(text);
    return parsed.ok ? 'accepted' : parsed.problem;
  };
  expect(problem('')).toBe('the expression is empty; write e.g. p(95)<30');
  expect(problem('mean<3')).toBe("'mean<3': unknown statistic 'mean'; use avg, min, max, med, count or p(N)");
  expect(problem('p(0)<3')).toBe("'p(0)<3': the percentile in p(N) must be a number above 0 and at most 100, got '0'");
  expect(problem('p(101)<3')).toBe("'p(101)<3': the percentile in p(N) must be a number above 0 and at most 100, got '101'");
  expect(problem('p()<3')).toBe("'p()<3': the percentile in p(N) must be a number above 0 and at most 100, got ''");
  expect(problem('avg 30')).toBe("'avg 30': expected an operator (< <= > >= ==) after 'avg', got '30'");
  expect(problem('avg')).toBe("'avg': expected an operator (< <= > >= ==) after 'avg'");
  expect(problem('avg=<3')).toBe("'avg=<3': expected an operator (< <= > >= ==) after 'avg', got '=<3'");
  expect(problem('p(95)<')).toBe("'p(95)<': expected a number after '<'");
  expect(problem('p(95)<30ms')).toBe("'p(95)<30ms': expected a number after '<', got '30ms'");
  expect(problem('p95<30')).toBe("'p95<30': write the percentile in parentheses, p(95)");
  expect(problem('<30')).toBe("'<30' does not start with a statistic; use avg, min, max, med, count or p(N)");
});

test('keys: a metric, optionally filtered by scenario and/or tag, written back canonically', () => {
  expect(parseThresholdKey('audio.jitter_ms')).toEqual({ ok: true, value: { metric: 'audio.jitter_ms', filter: {}, filterText: '' } });
  expect(parseThresholdKey('audio.loss_pct{scenario:packet-loss-10}')).toEqual({
    ok: true,
    value: { metric: 'audio.loss_pct', filter: { scenario: 'packet-loss-10' }, filterText: '{scenario:packet-loss-10}' },
  });
  expect(parseThresholdKey('audio.rtt_ms{ tag: smoke , scenario:hangup-call }')).toEqual({
    ok: true,
    value: { metric: 'audio.rtt_ms', filter: { tag: 'smoke', scenario: 'hangup-call' }, filterText: '{scenario:hangup-call,tag:smoke}' },
  });
});

test('key mistakes: unknown metric (with a suggestion when close), bad or empty filters', () => {
  const problem = (text: string) => {
    const parsed = parseThresholdKey(text);
    return parsed.ok ? 'accepted' : parsed.problem;
  };
  expect(problem('audio.jiter_ms')).toBe(`unknown metric 'audio.jiter_ms' (did you mean 'audio.jitter_ms'?); metrics: ${METRIC_NAMES.join(', ')}`);
  expect(problem('video.fps')).toBe(`unknown metric 'video.fps'; metrics: ${METRIC_NAMES.join(', ')}`);
  expect(problem('audio.jitter_ms{region:eu}')).toBe("unknown filter 'region' in {region:eu}; filter by scenario:VALUE or tag:VALUE");
  expect(problem('audio.jitter_ms{scenario:}')).toBe("filter scenario needs a value of letters, digits, '.', '_' or '-', got ''");
  expect(problem('audio.jitter_ms{scenario:a,scenario:b}')).toBe('filter scenario is given twice');
  expect(problem('audio.jitter_ms{}')).toBe('the filter {} is empty; write {scenario:ID} or {tag:NAME}, or drop the braces');
  expect(problem('{tag:smoke}')).toBe('the metric name is missing before the filter');
  expect(problem('audio.jitter_ms{tag:a}{tag:b}')).toBe("'audio.jitter_ms{tag:a}{tag:b}' is not a metric name with an optional {filter}, e.g. audio.jitter_ms{scenario:hangup-call}");
});

test('a whole thresholds object: every problem is collected, each naming the source, the key and the index', () => {
  const result = validateThresholds(
    {
      'audio.jitter_ms': ['p(95)<30', 'p(95)<'],
      'audio.jiter_ms': ['avg<1'],
      'audio.loss_pct': [],
      'audio.rtt_ms': 'max<300',
      'submission.latency_ms': ['max<2000', 42],
      'audio.jitter_ms{ }': ['avg<5'],
      ' audio.jitter_ms ': ['avg<9'],
    },
    'thresholds.json',
  );
  expect(result).toEqual({
    ok: false,
    errors: [
      "thresholds.json[\"audio.jitter_ms\"][1]: 'p(95)<': expected a number after '<'",
      `thresholds.json["audio.jiter_ms"]: unknown metric 'audio.jiter_ms' (did you mean 'audio.jitter_ms'?); metrics: ${METRIC_NAMES.join(', ')}`,
      'thresholds.json["audio.loss_pct"] is an empty list; give at least one expression like "p(95)<30" or remove the key',
      'thresholds.json["audio.rtt_ms"] must be a list of expressions like ["p(95)<30"], got "max<300"',
      'thresholds.json["submission.latency_ms"][1] must be a string like "p(95)<30", got 42',
      'thresholds.json["audio.jitter_ms{ }"]: the filter {} is empty; write {scenario:ID} or {tag:NAME}, or drop the braces',
      'thresholds.json[" audio.jitter_ms "]: the same metric and filter as "audio.jitter_ms"; put all its expressions in one list',
    ],
  });
  expect(validateThresholds(['p(95)<30'], 'thresholds.json')).toEqual({
    ok: false,
    errors: ['thresholds.json must be an object of metric → list of expressions, e.g. {"audio.jitter_ms": ["p(95)<30"]}, got an array'],
  });
});

test('a valid object parses into one entry per key × expression, in file order', () => {
  const result = validateThresholds({ 'audio.jitter_ms': ['p(95)<30', 'max<80'], 'audio.loss_pct{tag:smoke}': ['avg<1'] });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  expect(result.thresholds.map((t) => `${t.metric}${t.filterText} ${t.expression.text}`)).toEqual(['audio.jitter_ms p(95)<30', 'audio.jitter_ms max<80', 'audio.loss_pct{tag:smoke} avg<1']);
});
