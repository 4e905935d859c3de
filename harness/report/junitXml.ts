/**
 * JUnit XML for CI: one testcase per call (its failed error checks in one <failure>, ids and
 * messages listed; warnings in <system-out>), one testcase per threshold in a `thresholds`
 * suite and, for a soak run, one per run-level soak check in a `soak` suite. Names stay the
 * same from run to run (the scenario id, the check id) so CI can track a call's history. Pure.
 */
import type { CallEntry, CheckResult, RunResults } from '../results/resultsTypes.ts';
import type { SoakResults } from '../results/soakTypes.ts';
import type { ThresholdResult } from '../thresholds/evaluateThresholds.ts';
import { callFailed, callVerdict, failedChecks, skippedReason } from '../results/callStatus.ts';

/** XML 1.0 text/attribute escaping; characters XML 1.0 cannot carry at all become U+FFFD. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function seconds(call: CallEntry): string {
  const ms = typeof call.startedAtMs === 'number' && typeof call.endedAtMs === 'number' ? call.endedAtMs - call.startedAtMs : 0;
  return (Math.max(0, ms) / 1000).toFixed(3);
}

/** Unique, stable testcase names: the scenario id, numbered only when a scenario ran more than once. */
function caseNames(calls: CallEntry[]): string[] {
  const total = new Map<string, number>();
  for (const c of calls) total.set(c.scenario, (total.get(c.scenario) ?? 0) + 1);
  const seen = new Map<string, number>();
  return calls.map((c) => {
    const k = (seen.get(c.scenario) ?? 0) + 1;
    seen.set(c.scenario, k);
    return (total.get(c.scenario) ?? 0) > 1 ? `${c.scenario} #${k}` : c.scenario;
  });
}

function callCase(call: CallEntry, name: string): string {
  const failed = failedChecks(call);
  const errors = failed.filter((c) => c.severity !== 'warning');
  const warnings = failed.filter((c) => c.severity === 'warning');
  const attrs = `classname="callsoak.${escapeXml(call.scenario)}" name="${escapeXml(name)}" time="${seconds(call)}"`;
  const parts: string[] = [];
  if (callVerdict(call) === 'skipped') {
    // neither a pass nor a failure: CI shows it as skipped, with why
    return `    <testcase ${attrs}>\n      <skipped message="${escapeXml(skippedReason(call))}"/>\n    </testcase>`;
  }
  if (call.state === 'interrupted') warnings.unshift({ id: 'run.interrupted', ok: false, severity: 'warning', message: 'the call ended early when the run was stopped' });
  if (callFailed(call)) {
    const message = errors.length
      ? `${errors.length} check${errors.length === 1 ? '' : 's'} failed: ${errors.map((c) => c.id).join(', ')}`
      : 'the call failed without a failed check';
    const body = [
      ...errors.map((c) => `${c.id}: ${c.message}`),
      `call ${call.callId}; end reason ${call.endCallReason ?? '(none)'}, expected ${call.expectedEndCallReason}`,
    ].join('\n');
    parts.push(`      <failure type="check" message="${escapeXml(message)}">${escapeXml(body)}</failure>`);
  }
  const out = [`call ${call.callId}`, ...warnings.map((c) => `warning ${c.id}: ${c.message}`)];
  parts.push(`      <system-out>${escapeXml(out.join('\n'))}</system-out>`);
  return `    <testcase ${attrs}>\n${parts.join('\n')}\n    </testcase>`;
}

function thresholdCase(t: ThresholdResult): string {
  const name = `${t.metric}${t.filter} ${t.expression}`;
  const failure = t.ok ? '' : `\n      <failure type="threshold" message="${escapeXml(t.message)}">${escapeXml(t.message)}</failure>`;
  return `    <testcase classname="callsoak.thresholds" name="${escapeXml(name)}" time="0">${failure}${t.ok ? `\n      <system-out>${escapeXml(t.message)}</system-out>` : ''}\n    </testcase>`;
}

/**
 * A run-level soak check: a failed error is a <failure>; one with too little data to judge is
 * <skipped> (CI shows it as neither pass nor fail); a warning or a pass says its message in
 * <system-out>.
 */
function soakCase(check: CheckResult): string {
  const failed = !check.ok && check.severity !== 'warning';
  const inner = failed
    ? `<failure type="soak-check" message="${escapeXml(check.message)}">${escapeXml(`${check.id}: ${check.message}`)}</failure>`
    : check.noVerdict
      ? `<skipped message="${escapeXml(check.message)}"/>`
      : `<system-out>${escapeXml(`${check.ok ? '' : 'warning '}${check.id}: ${check.message}`)}</system-out>`;
  return `    <testcase classname="callsoak.soak" name="${escapeXml(check.id)}" time="0">\n      ${inner}\n    </testcase>`;
}

/** The `soak` testsuite: one testcase per run-level soak check, the soak's facts as properties. */
function soakSuite(soak: SoakResults): { xml: string; tests: number; failures: number; skipped: number } {
  const checks = (Array.isArray(soak.checks) ? soak.checks : []).filter((c): c is CheckResult => c !== null && typeof c === 'object');
  const failures = checks.filter((c) => !c.ok && c.severity !== 'warning').length;
  const skipped = checks.filter((c) => c.ok && c.noVerdict).length;
  const elapsed = typeof soak.elapsedS === 'number' && Number.isFinite(soak.elapsedS) ? Math.max(0, soak.elapsedS).toFixed(3) : '0.000';
  const properties = (
    [
      ['soak.duration_s', soak.durationS],
      ['soak.elapsed_s', soak.elapsedS],
      ['soak.concurrent_calls', soak.concurrentCalls],
      ['soak.calls_started', soak.callsStarted],
      ['soak.calls_finished', soak.callsFinished],
      ['soak.stop', soak.stop ? `${soak.stop.signal}${soak.stop.forced ? ' (forced)' : ''}` : undefined],
    ] as const
  )
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `      <property name="${k}" value="${escapeXml(v)}"/>`)
    .join('\n');
  const xml = `  <testsuite name="soak" tests="${checks.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${elapsed}">
    <properties>
${properties}
    </properties>
${checks.map(soakCase).join('\n')}
  </testsuite>`;
  return { xml, tests: checks.length, failures, skipped };
}

export function renderJunitXml(results: RunResults, thresholds: readonly ThresholdResult[] = []): string {
  const calls = Array.isArray(results.calls) ? results.calls : [];
  const run = results.run ?? ({} as Partial<RunResults['run']>);
  const names = caseNames(calls);
  const interrupted = run.status === 'interrupted';
  const callFailures = calls.filter(callFailed).length;
  const callsSkipped = calls.filter((c) => callVerdict(c) === 'skipped').length;
  const totalTime = Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt ?? '');
  const time = Number.isFinite(totalTime) && totalTime >= 0 ? (totalTime / 1000).toFixed(3) : '0.000';
  const properties = [
    ['run.id', run.id],
    ['run.status', run.status],
    ['seed', run.seed],
    ['browser', run.browser ? `${run.browser.name} ${run.browser.version}` : undefined],
    ['harness.version', run.harnessVersion],
  ]
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `      <property name="${escapeXml(k)}" value="${escapeXml(v)}"/>`)
    .join('\n');
  const cases = calls.map((c, i) => callCase(c, names[i]!));
  if (interrupted) {
    const ran = calls.length - callsSkipped;
    cases.push(`    <testcase classname="callsoak.run" name="run completed" time="0">\n      <error type="interrupted" message="the run was interrupted after ${ran} of ${calls.length} planned call(s)">every planned call is listed: the ones without a verdict as skipped</error>\n    </testcase>`);
  }
  const suites = [
    `  <testsuite name="callsoak run ${escapeXml(run.id ?? '')}" tests="${cases.length}" failures="${callFailures}" errors="${interrupted ? 1 : 0}" skipped="${callsSkipped}" time="${time}"${run.startedAt ? ` timestamp="${escapeXml(run.startedAt)}"` : ''}>
    <properties>
${properties}
    </properties>
${cases.join('\n')}
  </testsuite>`,
  ];
  if (thresholds.length > 0) {
    suites.push(`  <testsuite name="thresholds" tests="${thresholds.length}" failures="${thresholds.filter((t) => !t.ok).length}" errors="0" skipped="0" time="0">
${thresholds.map(thresholdCase).join('\n')}
  </testsuite>`);
  }
  const soak = results.soak !== null && typeof results.soak === 'object' ? soakSuite(results.soak) : undefined;
  if (soak) suites.push(soak.xml);
  const tests = cases.length + thresholds.length + (soak?.tests ?? 0);
  const failures = callFailures + thresholds.filter((t) => !t.ok).length + (soak?.failures ?? 0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="callsoak" tests="${tests}" failures="${failures}" errors="${interrupted ? 1 : 0}"${callsSkipped + (soak?.skipped ?? 0) > 0 ? ` skipped="${callsSkipped + (soak?.skipped ?? 0)}"` : ''} time="${time}">
${suites.join('\n')}
</testsuites>
`;
}
