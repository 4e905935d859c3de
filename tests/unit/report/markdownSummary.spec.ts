/**
 * summary.md as it lands in a CI job summary: the verdict line, one table row per call,
 * thresholds with measured values, failed checks listed and cut when long, Markdown
 * specials made harmless.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { escapeMarkdown, MAX_LISTED_FAILURES, renderMarkdownSummary } from '../../../harness/report/markdownSummary.ts';
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
