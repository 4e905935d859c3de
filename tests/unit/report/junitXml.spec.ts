/**
 * junit.xml as a CI server reads it: well-formed XML (parsed by Chromium's strict XML
 * parser), one testcase per call, failures carrying the check ids and messages, thresholds
 * as their own testcases, everything escaped.
 */
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';
import { OFFLINE_FLAGS } from '../../../harness/chromium/chromiumArgs.ts';
import { findChromium, NO_BROWSER_MESSAGE } from '../../../harness/chromium/findChromium.ts';
import { escapeXml, renderJunitXml } from '../../../harness/report/junitXml.ts';
import type { RunResults } from '../../../harness/results/resultsTypes.ts';
import { evaluateThresholds } from '../../../harness/thresholds/evaluateThresholds.ts';
import { MEMORY_FAILED, MEMORY_NO_VERDICT, MEMORY_OK, soakRun, soakSection, soakSeries } from './fixtures/soakFixture.ts';

const fixture = () => JSON.parse(readFileSync(new URL('./fixtures/results.json', import.meta.url), 'utf8')) as RunResults;

interface ParsedCase {
  suite: string;
  classname: string;
  name: string;
  time: string;
  failure: { type: string; message: string; text: string } | null;
  error: { type: string; message: string } | null;
  out: string;
}

let browser: Browser;
test.beforeAll(async () => {
  const found = findChromium();
  test.skip(!found, NO_BROWSER_MESSAGE);
  browser = await chromium.launch({ executablePath: found!.executablePath, args: [...OFFLINE_FLAGS] });
});
test.afterAll(async () => browser?.close());

/** Parses with the browser's XML parser; a well-formedness error comes back as `error`. */
async function parse(xml: string): Promise<{ error: string | null; root: Record<string, string>; cases: ParsedCase[] }> {
  const page = await browser.newPage();
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const error = doc.querySelector('parsererror');
    if (error) return { error: error.textContent ?? 'parse error', root: {}, cases: [] };
    const root = doc.documentElement;
    const attrs = Object.fromEntries([...root.attributes].map((a) => [a.name, a.value]));
    const cases = [...doc.querySelectorAll('testsuite > testcase')].map((c) => {
      const failure = c.querySelector('failure');
      const err = c.querySelector('error');
      return {
        suite: (c.parentElement as Element).getAttribute('name') ?? '',
        classname: c.getAttribute('classname') ?? '',
        name: c.getAttribute('name') ?? '',
        time: c.getAttribute('time') ?? '',
        failure: failure ? { type: failure.getAttribute('type') ?? '', message: failure.getAttribute('message') ?? '', text: failure.textContent ?? '' } : null,
        error: err ? { type: err.getAttribute('type') ?? '', message: err.getAttribute('message') ?? '' } : null,
        out: c.querySelector('system-out')?.textContent ?? '',
      };
    });
    return { error: null, root: { ...attrs, element: root.nodeName }, cases };
  }, xml);
  await page.close();
  return parsed;
}

test('one testcase per call, failed checks as one failure with every id and message; thresholds as testcases', async () => {
  const results = fixture();
  const thresholds = evaluateThresholds(results, { 'audio.loss_pct{scenario:packet-loss-10}': ['avg<1'], 'audio.jitter_ms': ['p(95)<30'] }, {});
  const { error, root, cases } = await parse(renderJunitXml(results, thresholds));
  expect(error).toBeNull();
  expect(root).toMatchObject({ element: 'testsuites', name: 'callsoak', tests: '5', failures: '3', errors: '0' });
  expect(cases.map((c) => [c.suite, c.classname, c.name, c.time])).toEqual([
    ['callsoak run 2026-11-24T12-00-00Z-f1x7', 'callsoak.hangup-call', 'hangup-call', '13.000'],
    ['callsoak run 2026-11-24T12-00-00Z-f1x7', 'callsoak.packet-loss-10', 'packet-loss-10', '13.000'],
    ['callsoak run 2026-11-24T12-00-00Z-f1x7', 'callsoak.ice-blocked', 'ice-blocked', '8.900'],
    ['thresholds', 'callsoak.thresholds', 'audio.loss_pct{scenario:packet-loss-10} avg<1', '0'],
    ['thresholds', 'callsoak.thresholds', 'audio.jitter_ms p(95)<30', '0'],
  ]);
  const [clean, lossy, noMedia, loss, jitter] = cases;
  expect(clean!.failure).toBeNull();
  // the XML-escaped message comes back exactly: quotes, ampersand and angle brackets included
  expect(lossy!.failure).toEqual({
    type: 'check',
    message: '1 check failed: contract.consistent_with_stats.packets_lost',
    text: [
      'contract.consistent_with_stats.packets_lost: audio_stats.packets_lost 0 disagrees with the stats: Σ max(0, packetsLost) over 1 inbound-rtp report(s), ssrc 2233445566 = 34 (the "spec" & "documented" transforms say 34; <team-transform> says 0)',
      'call c_fixture2PacketLoss10000000000000; end reason Hangup_Call, expected Hangup_Call',
    ].join('\n'),
  });
  expect(noMedia!.failure?.message).toBe('3 checks failed: call.end_reason, media.packet_rate, submission.accepted_once');
  expect(noMedia!.failure?.text.split('\n')).toEqual([
    'call.end_reason: business ended with WebRTC_Error; expected Connection_Dropped',
    'media.packet_rate: no inbound-rtp report: the business never received audio',
    'submission.accepted_once: the agent never submitted: no request reached the endpoint',
    'call c_fixture3NoMediaBlackout000000000; end reason WebRTC_Error, expected Connection_Dropped',
  ]);
  expect(loss!.failure).toEqual({ type: 'threshold', message: 'audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call', text: 'audio.loss_pct{scenario:packet-loss-10} avg<1 breached: avg = 6.71% over 1 call' });
  expect(jitter!.failure).toBeNull();
  expect(jitter!.out).toBe('audio.jitter_ms p(95)<30 passed: p(95) = 7.8 ms over 2 calls');
});

test('warnings go to system-out, not failures; a repeated scenario gets numbered names; an interrupted run adds an error', async () => {
  const results = fixture();
  const clean = results.calls[0]!;
  clean.checks.push({ id: 'submission.latency_ms', ok: false, severity: 'warning', message: 'accepted 16000 ms after the call ended (limit 15000 ms)' });
  results.calls = [clean, { ...clean, callId: 'c_again' }];
  results.run.status = 'interrupted';
  const { error, root, cases } = await parse(renderJunitXml(results));
  expect(error).toBeNull();
  expect(root).toMatchObject({ tests: '3', failures: '0', errors: '1' });
  expect(cases.map((c) => c.name)).toEqual(['hangup-call #1', 'hangup-call #2', 'run completed']);
  expect(cases[0]!.failure).toBeNull();
  expect(cases[0]!.out).toBe('call c_fixture1CleanHangup0000000000000\nwarning submission.latency_ms: accepted 16000 ms after the call ended (limit 15000 ms)');
  expect(cases[2]!.error).toEqual({ type: 'interrupted', message: 'the run was interrupted after 2 of 2 planned call(s)' });
});

test('characters XML cannot carry become U+FFFD; the rest is escaped and survives parsing', async () => {
  expect(escapeXml('a\u0000b\u001bc\ud800d')).toBe('a\ufffdb\ufffdc\ufffdd');
  expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  const results = fixture();
  results.calls = [results.calls[1]!];
  results.calls[0]!.scenario = 'odd "name" <&> \u0007';
  results.calls[0]!.checks[6]!.message = 'bell \u0007 and ]]> and emoji 📞';
  const { error, cases } = await parse(renderJunitXml(results));
  expect(error).toBeNull();
  expect(cases[0]!.name).toBe('odd "name" <&> \ufffd');
  expect(cases[0]!.failure?.text).toContain('bell \ufffd and ]]> and emoji 📞');
});

test('a soak run: its run-level soak checks are testcases of a `soak` suite, a failed one a <failure>, a warning in system-out', async () => {
  const warning = { id: 'soak.calls_finished', ok: false, severity: 'warning' as const, message: '2 of 130 calls did not finish <before the stop>' };
  const results = soakRun(soakSection(soakSeries(0.1), { elapsedS: 7199.5, stop: { signal: 'SIGINT', atS: 7190, forced: true }, checks: [MEMORY_OK, MEMORY_FAILED, warning] }));
  const xml = renderJunitXml(results);
  const { error, root, cases } = await parse(xml);
  expect(error).toBeNull();
  // 1 call (passed) + 3 soak checks, 1 of them failed
  expect(root).toMatchObject({ tests: '4', failures: '1', errors: '0' });
  const soak = cases.filter((c) => c.suite === 'soak');
  expect(soak.map((c) => [c.classname, c.name, c.time])).toEqual([
    ['callsoak.soak', 'soak.memory_slope.harness', '0'],
    ['callsoak.soak', 'soak.memory_slope.browser', '0'],
    ['callsoak.soak', 'soak.calls_finished', '0'],
  ]);
  expect(soak[0]!.failure).toBeNull();
  expect(soak[0]!.out).toBe(`soak.memory_slope.harness: ${MEMORY_OK.message}`);
  expect(soak[1]!.failure).toEqual({ type: 'soak-check', message: MEMORY_FAILED.message, text: `soak.memory_slope.browser: ${MEMORY_FAILED.message}` });
  expect(soak[2]!.failure).toBeNull();
  expect(soak[2]!.out).toBe('warning soak.calls_finished: 2 of 130 calls did not finish <before the stop>');
  expect(xml).toMatch(/<testsuite name="soak" tests="3" failures="1" errors="0" skipped="0" time="7199\.500">/);
  expect(xml).toContain('<property name="soak.stop" value="SIGINT (forced)"/>');
  expect(xml).toContain('<property name="soak.calls_finished" value="128"/>');

  delete results.soak;
  expect(renderJunitXml(results)).not.toContain('name="soak"');
});

test('JUnit: a soak check with too little data to judge is <skipped>, counted as skipped, not failed', async () => {
  const xml = renderJunitXml(soakRun(soakSection(soakSeries(0.1), { checks: [MEMORY_NO_VERDICT] })));
  const { error, root, cases } = await parse(xml);
  expect(error).toBeNull();
  expect(root).toMatchObject({ tests: '2', failures: '0', errors: '0' });
  expect(xml).toMatch(/<testsuites name="callsoak" tests="2" failures="0" errors="0" skipped="1" /);
  expect(xml).toMatch(/<testsuite name="soak" tests="1" failures="0" errors="0" skipped="1" /);
  const soak = cases.filter((c) => c.suite === 'soak');
  expect(soak.map((c) => [c.name, c.failure, c.out])).toEqual([['soak.memory_slope.harness', null, '']]);
  expect(xml).toContain(`<skipped message="${MEMORY_NO_VERDICT.message.replace(/>/g, '&gt;')}"/>`);
});
