/**
 * The metric list is closed and documented: README.md shows exactly the table the code
 * generates, and every name carries its unit.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { METRICS, METRIC_NAMES } from '../../../harness/metrics/metrics.ts';
import { metricsMarkdownTable } from '../../../harness/metrics/metricsDoc.ts';

test('harness/thresholds/README.md lists exactly the metrics in the code, with their units and computations', () => {
  const readme = readFileSync(new URL('../../../harness/thresholds/README.md', import.meta.url), 'utf8');
  expect(readme).toContain(metricsMarkdownTable());
  const documented = [...readme.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
  expect(documented).toEqual(METRIC_NAMES);
});

test('every metric name ends in its unit', () => {
  const suffix = { ms: '_ms', s: '_s', '%': '_pct' } as const;
  for (const name of METRIC_NAMES) {
    const unit = METRICS[name].unit;
    if (unit === 'count') expect(name, name).not.toMatch(/_(ms|s|pct)$/);
    else expect(name.endsWith(suffix[unit]), `${name} is in ${unit}`).toBe(true);
  }
});
