/**
 * The end of a long soak with churn, by call count: what the runner does when the soak ends
 * (read the finished calls, write results.json, index.html, junit.xml and summary.md), ours
 * against the reference in the same run. Ours lists calls as soakRunResults does — summaries,
 * failed calls in full (harness/soak/soakCallFiles.ts); the reference reads every call's full
 * record, as a harness without summaries would. Each side runs in a fresh Node process per call
 * count, so its peak RSS is its own. Prints wall time, peak RSS and file sizes, with ratios.
 *
 *   node bin/run-ts.js bench/soak-results-scale.ts [--counts 200,1000,4000] [--failed-every 50] [--reference-up-to 4000]
 *
 * The calls are the report fixture's clean call with its 1-s samples repeated to 30 s (a
 * 30-s churn call; real ones carry more checks and relay legs, so they are larger), every
 * `--failed-every`-th one the fixture's failing lossy call. Needs ~35 kB of temporary disk
 * per call (removed at the end). Above `--reference-up-to` calls only ours runs: the reference
 * needs ~300 kB of memory per call (28,800 calls, a day of 20 slots at 1-min churn: ~9 GB).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallResult, RunResults } from '../harness/results/resultsTypes.ts';
import { summarize, writeResults } from '../harness/results/writeResults.ts';
import { writeRunReports } from '../harness/report/writeRunReports.ts';
import type { RunPlan } from '../harness/plan/runPlan.ts';
import { readSoakCallRecord, soakCallName, soakCallNames, writeSoakCall } from '../harness/soak/soakCallFiles.ts';
import { soakRunResults } from '../harness/soak/soakRunResults.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(name);
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
};

const STARTED_MS = Date.UTC(2026, 10, 25);

function plan(runDir: string): RunPlan {
  return {
    runId: 'bench-soak-results',
    runDir,
    seed: 1,
    startedAt: new Date(STARTED_MS).toISOString(),
    browser: { name: 'chromium', version: 'bench' },
    harnessVersion: 'bench',
    soak: { durationS: 86_400, calls: 20, churnS: 30, cycle: ['hangup-call'], workers: 2, pages: 'shared', startedAtMs: STARTED_MS },
  } as unknown as RunPlan;
}

/** One side in this process: assemble and write the run directory's results and reports. */
function child(mode: 'ours' | 'reference', runDir: string): void {
  const start = process.hrtime.bigint();
  const finish = { resources: undefined, forced: false, finishedAtMs: STARTED_MS + 86_400_000 };
  let results: RunResults;
  if (mode === 'ours') results = soakRunResults(plan(runDir), finish);
  else {
    // the soak section from an empty directory (no calls read), then every call in full
    const empty = mkdtempSync(join(tmpdir(), 'callsoak-bench-empty-'));
    const calls = soakCallNames(runDir).flatMap((name) => readSoakCallRecord(runDir, name) ?? []);
    results = { ...soakRunResults(plan(empty), finish), calls, summary: summarize(calls) };
    rmSync(empty, { recursive: true, force: true });
  }
  writeResults(runDir, results);
  writeRunReports(runDir, results);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const size = (file: string) => statSync(join(runDir, file)).size;
  process.stdout.write(JSON.stringify({ ms, peakRssMb: process.resourceUsage().maxRSS / 1024, resultsMb: size('results.json') / 1e6, htmlMb: size('index.html') / 1e6 }));
}

function template(): { clean: CallResult; lossy: CallResult } {
  const fixture = JSON.parse(readFileSync(new URL('../tests/unit/report/fixtures/results.json', import.meta.url), 'utf8')) as RunResults<CallResult>;
  const [clean, lossy] = fixture.calls as [CallResult, CallResult];
  const stretch = (call: CallResult): CallResult => ({
    ...call,
    samples: [0, 10, 20].flatMap((shift) => call.samples.map((s) => ({ ...s, t: s.t + shift }))),
  });
  return { clean: stretch(clean), lossy: stretch(lossy) };
}

interface Side {
  ms: number;
  peakRssMb: number;
  resultsMb: number;
  htmlMb: number;
}

function runSide(mode: 'ours' | 'reference', runDir: string): Side {
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const done = spawnSync(process.execPath, [runTs, fileURLToPath(import.meta.url), '--child', mode, runDir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (done.status !== 0) throw new Error(`${mode} failed: ${done.stderr}`);
  return JSON.parse(done.stdout) as Side;
}

if (argv[0] === '--child') {
  child(argv[1] as 'ours' | 'reference', argv[2]!);
} else {
  const counts = option('--counts', '200,1000,4000').split(',').map(Number);
  const failedEvery = Number(option('--failed-every', '50'));
  const referenceUpTo = Number(option('--reference-up-to', '4000'));
  const { clean, lossy } = template();
  console.log(`call record: ${(JSON.stringify(clean).length / 1000).toFixed(1)} kB (clean), every ${failedEvery}th call failed`);
  console.log('calls | side      |    time s | peak RSS MB | results.json MB | index.html MB');
  for (const n of counts) {
    const runDir = mkdtempSync(join(tmpdir(), 'callsoak-bench-results-'));
    try {
      for (let i = 0; i < n; i++) {
        const call = (i + 1) % failedEvery === 0 ? lossy : clean;
        writeSoakCall(runDir, soakCallName(i % 20, Math.floor(i / 20)), { ...call, callId: `call-${i + 1}` });
      }
      const reference = n <= referenceUpTo ? runSide('reference', runDir) : undefined;
      const ours = runSide('ours', runDir);
      const row = (label: string, s: Side) => `${String(n).padStart(5)} | ${label.padEnd(9)} | ${(s.ms / 1000).toFixed(2).padStart(9)} | ${s.peakRssMb.toFixed(0).padStart(11)} | ${s.resultsMb.toFixed(2).padStart(15)} | ${s.htmlMb.toFixed(2).padStart(13)}`;
      if (reference) console.log(row('reference', reference));
      console.log(row('ours', ours));
      if (!reference) continue;
      const ratio = (a: number, b: number) => (a / b).toFixed(3);
      console.log(`${String(n).padStart(5)} | ratio     | ${ratio(ours.ms, reference.ms).padStart(9)} | ${ratio(ours.peakRssMb, reference.peakRssMb).padStart(11)} | ${ratio(ours.resultsMb, reference.resultsMb).padStart(15)} | ${ratio(ours.htmlMb, reference.htmlMb).padStart(13)}`);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
}
