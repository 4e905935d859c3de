/**
 * summary.md as it lands in a CI job summary: the verdict line, one table row per call (per
 * scenario, plus the failed calls, when there are many), thresholds with measured values, failed checks listed and cut when long, Markdown
 * specials made harmless.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { escapeMarkdown, MAX_LISTED_FAILURES, renderMarkdownSummary } from '../../../harness/report/markdownSummary.ts';
import { MAX_CALL_ROWS } from '../../../harness/report/scenarioGroups.ts';
import type { RunResults } from '../../../harness/results/resultsTypes.ts';
import { evaluateThresholds } from '../../../harness/thresholds/evaluateThresholds.ts';

const fixture = () => JSON.parse(readFileSync(new URL('./fixtures/results.json', import.meta.url), 'utf8')) as RunResults;

test('the fixture run: verdict, call table, thresholds, failed checks, link to the full report', () => {
  const results = fixture();
  const thresholds = evaluateThresholds(results, { 'audio.jitter_ms': ['p(95)<30'], 'audio.loss_pct{scenario:packet-loss-10}': ['avg<1'] }, {});
  expect(renderMarkdownSummary(results, { thresholds })).toBe(
    [
      '## ❌ callsoak run `2026-11-24T12-00-00Z-f1x7`: failed, 1 threshold breached',
      '',
      '3 calls: 1 passed, 2 failed · Chromium 156.0.8078.79 · seed 7',
      '',
      '| # | scenario | end reason | result | jitter ms | loss % | RTT ms | jitter buffer ms | concealed % | submitted after ms |',
      '|---:|---|---|---|---:|---:|---:|---:|---:|---:|',
      '| 1 | hangup-call | `Hangup_Call` | ✅ passed | 2.1 | 0 | 2.01 | 40.16 | 0 | 76 |',
      '| 2 | packet-loss-10 | `Hangup_Call` | ❌ failed | 8.1 | 6.71 | 2.14 | 54.89 | 6.02 | 1320 |',
      '| 3 | ice-blocked | `WebRTC_Error` (expected `Connection_Dropped`) | ❌ failed | – | – | – | – | – | – |',
      '',
      '### Thresholds: 1 of 2 breached',
      '',
      '| | metric | threshold | measured |',
      '|---|---|---|---|',
      '| ❌ | `audio.loss_pct{scenario:packet-loss-10}` | `avg<1` | 6.71% over 1 call |',
      '| ✅ | `audio.jitter_ms` | `p(95)<30` | 7.8 ms over 2 calls |',
      '',
      '### Failed checks (4)',
      '',
      '- **#2 packet-loss-10** `contract.consistent_with_stats.packets_lost`: audio_stats.packets_lost 0 disagrees with the stats: Σ max(0, packetsLost) over 1 inbound-rtp report(s), ssrc 2233445566 = 34 (the "spec" & "documented" transforms say 34; &lt;team-transform&gt; says 0)',
      '- **#3 ice-blocked** `call.end_reason`: business ended with WebRTC_Error; expected Connection_Dropped',
      '- **#3 ice-blocked** `media.packet_rate`: no inbound-rtp report: the business never received audio',
      '- **#3 ice-blocked** `submission.accepted_once`: the agent never submitted: no request reached the endpoint',
      '',
      'Full report with charts: [index.html](index.html) · JUnit: junit.xml · data: results.json',
      '',
    ].join('\n'),
  );
});

test('a passing run is one short line of verdict and its table', () => {
  const results = fixture();
  results.calls = [results.calls[0]!];
  results.run.status = 'passed';
  const md = renderMarkdownSummary(results);
  expect(md.split('\n')[0]).toBe('## ✅ callsoak run `2026-11-24T12-00-00Z-f1x7`: passed');
  expect(md).not.toContain('### ');
});

test('long failure lists are cut after the limit; long messages end in an ellipsis', () => {
  const results = fixture();
  const call = results.calls[2]!;
  call.checks = Array.from({ length: MAX_LISTED_FAILURES + 5 }, (_, i) => ({ id: `check.${i}`, ok: false, severity: 'error' as const, message: 'x'.repeat(400) }));
  results.calls = [call];
  const lines = renderMarkdownSummary(results).split('\n');
  const items = lines.filter((l) => l.startsWith('- '));
  expect(items).toHaveLength(MAX_LISTED_FAILURES + 1);
  expect(items.at(-1)).toBe('- … and 5 more in the full report');
  expect(items[0]).toBe(`- **#1 ice-blocked** \`check.0\`: ${'x'.repeat(279)}…`);
});

test('Markdown specials in names and messages stay text: no table breaks, tags, links or emphasis', () => {
  expect(escapeMarkdown('a | b <img src=x> [link](y) *bold* _it_ snake_case `code` # h')).toBe(
    'a \\| b &lt;img src=x&gt; \\[link\\](y) \\*bold\\* \\_it\\_ snake_case \\`code\\` \\# h',
  );
  expect(escapeMarkdown('two\nlines')).toBe('two lines');
  const results = fixture();
  results.calls[1]!.scenario = 'pipe|scenario';
  const row = renderMarkdownSummary(results).split('\n').find((l) => l.startsWith('| 2 |'))!;
  expect(row.startsWith('| 2 | pipe\\|scenario | ')).toBe(true);
  // still ten cells: the escaped pipe did not split one
  expect(row.split(/(?<!\\)\|/).length - 2).toBe(10);
});

/** `n` calls cycling through the fixture's three (passed hangup-call, failed packet-loss-10, failed ice-blocked) */
function manyCalls(n: number): RunResults {
  const results = fixture();
  const [passed, lossy, blocked] = results.calls as [RunResults['calls'][number], RunResults['calls'][number], RunResults['calls'][number]];
  // one lossy and one blocked call in ten: most calls pass, as in a real soak
  results.calls = Array.from({ length: n }, (_, i) => structuredClone(i % 10 === 3 ? lossy : i % 10 === 7 ? blocked : passed));
  return results;
}

test('many calls: a row per scenario with counts and medians, then the failed calls by their number', () => {
  const md = renderMarkdownSummary(manyCalls(MAX_CALL_ROWS + 10));
  const lines = md.split('\n');
  const byScenario = lines.indexOf('### Calls by scenario (median per scenario)');
  expect(byScenario).toBeGreaterThan(0);
  expect(lines.slice(byScenario + 2, byScenario + 7)).toEqual([
    '| scenario | calls | passed | failed | jitter ms | loss % | RTT ms | jitter buffer ms | concealed % | submitted after ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    '| hangup-call | 48 | 48 | 0 | 2.1 | 0 | 2.01 | 40.16 | 0 | 76 |',
    '| packet-loss-10 | 6 | 0 | 6 | 8.1 | 6.71 | 2.14 | 54.89 | 6.02 | 1320 |',
    '| ice-blocked | 6 | 0 | 6 | – | – | – | – | – | – |',
  ]);
  expect(md).toContain('### Failed calls (12 of 60)');
  const rows = lines.filter((l) => /^\| \d+ \| /.test(l));
  expect(rows.map((r) => r.split(' | ')[0])).toEqual([4, 8, 14, 18, 24, 28, 34, 38, 44, 48, 54, 58].map((n) => `| ${n}`));
  expect(rows.every((r) => r.includes('❌ failed'))).toBe(true);
});

test('a day-long soak with churn (28,800 calls) still gives a summary of a few kB, its failures cut after the limit', () => {
  const md = renderMarkdownSummary(manyCalls(28_800));
  expect(md.length).toBeLessThan(20_000);
  expect(md).toContain('| hangup-call | 23040 | 23040 | 0 |');
  expect(md).toContain('### Failed calls (5760 of 28800)');
  expect(md.split('\n').filter((l) => l.includes('❌ failed'))).toHaveLength(MAX_CALL_ROWS);
  expect(md).toContain(`… and ${5760 - MAX_CALL_ROWS} more failed calls in the full report`);
  // the failed-checks list is cut the same way: 1 failed check per lossy call, 3 per blocked one
  expect(md).toContain('### Failed checks (11520)');
  expect(md).toContain(`- … and ${11520 - MAX_LISTED_FAILURES} more in the full report`);
});
