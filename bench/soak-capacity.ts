/**
 * Soak capacity (issue #9): the most concurrent relayed audio calls this machine holds with
 * harness-induced loss < 0.1 % and concealment < 0.5 % on every receiver, measured in the same
 * run against plain Chromium calls without the harness, and the ratio harness / reference
 * (target ≥ 0.8).
 *
 *   reference  one Chromium, one page, N directly connected RTCPeerConnection pairs (no relay,
 *              no sampling): bench/capacity/referenceCalls.ts
 *   harness    N call slots of `callsoak soak` (runSoakSlot): agents in shared pages, the
 *              embedded relay (relay-only, no impairment), the stats sampler and its 5 s
 *              batches, the soak checks and sample files, the endpoint:
 *              bench/capacity/harnessCalls.ts
 *
 * For N = 2, 4, 6, … up to --max both sides run in turn (which goes first alternates with N, so
 * a drift of the shared machine's load does not always favour one side); a side stops once it
 * failed the criteria at two consecutive N. Loss and concealment are measured from --warmup
 * seconds into the talk to its end (getStats differences), CPU over the same interval. Each
 * side at each N is bounded (setup ≤ 90 s, talk --seconds, teardown bounded by runCall's own
 * timeouts), and no N starts when the last one's time would overrun --budget-minutes.
 *
 * When the ratio misses the target, the bench then measures why (bench/capacity/diagnosis.ts):
 * at the harness's capacity it runs the plain calls with one piece of the harness put back at a
 * time and prints the CPU each piece costs per call. `--diagnose N` runs only that, at N calls.
 *
 *   node bin/run-ts.js bench/soak-capacity.ts [--max 24] [--seconds 20] [--warmup 2] [--budget-minutes 12] [--diagnose N]
 */
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { findChromium, NO_BROWSER_MESSAGE } from '../harness/chromium/findChromium.ts';
import { ensureSpeechWav } from '../harness/cli/speechWav.ts';
import { startPageServer } from '../harness/engine/pageServer.ts';
import { measureHarness } from './capacity/harnessCalls.ts';
import { MAX_CONCEAL_PCT, MAX_LOSS_PCT } from './capacity/receiverQuality.ts';
import { measurePlain } from './capacity/referenceCalls.ts';
import type { Side, SideMeasurement } from './capacity/sideMeasurement.ts';
import { capacityOf, formatCapacity, formatRow, TABLE_HEADER, TARGET_RATIO } from './capacity/capacityTable.ts';
import { attribute, diagnose } from './capacity/diagnosis.ts';

function option(name: string, fallback: number, min: number, max: number): number {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isFinite(value) || value < min || value > max) {
    console.error(`soak-capacity: --${name} must be a number in ${min}..${max}, got ${argv[at + 1] ?? 'nothing'}`);
    process.exit(2);
  }
  return value;
}

const maxCalls = option('max', 24, 2, 200);
const seconds = option('seconds', 20, 5, 600);
const warmupS = option('warmup', 2, 0, seconds - 3);
/** the sweep's budget; a diagnosis (~6 × (setup + talk)) comes on top */
const budgetMs = option('budget-minutes', 12, 1, 600) * 60_000;
/** no diagnosis starts after this much of the run, ms: it takes ~6 × (setup + talk) */
const DIAGNOSIS_LATEST_MS = budgetMs + 60_000;
const diagnoseOnly = option('diagnose', 0, 0, 200);
/** pause between two measurements so the last one's teardown does not load the next, ms */
const SETTLE_MS = 3000;
/** a side stops after this many consecutive failed N */
const STOP_AFTER_FAILS = 2;

const browser = findChromium();
if (!browser) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(2);
}
const media = ensureSpeechWav();
const pageServer = await startPageServer();
const cores = availableParallelism();
const common = { executablePath: browser.executablePath, mediaPath: media.path, seconds, warmupS, cores };

console.log(`${browser.name} ${browser.version} (${browser.source}), ${cores} cores; talk ${seconds} s, measured from ${warmupS} s; criteria: worst receiver loss < ${MAX_LOSS_PCT} %, concealment < ${MAX_CONCEAL_PCT} %`);
console.log('cpu_pct: % of one core over the measured interval (max 100 × cores); other = the machine minus this bench (other users of the machine)');
console.log(TABLE_HEADER);

const started = Date.now();
if (diagnoseOnly > 0) {
  const rows = await diagnose({ ...common, calls: diagnoseOnly }, pageServer.url, (m) => console.log(formatRow(m)));
  console.log(`\n${attribute(rows)}`);
  await pageServer.close();
  process.exit(0);
}
const results: SideMeasurement[] = [];
const fails: Record<Side, number> = { reference: 0, harness: 0 };
let lastRoundMs = 0;
let stoppedBy = '';
for (let n = 2, round = 0; n <= maxCalls; n += 2, round++) {
  const active = (['reference', 'harness'] as const).filter((side) => fails[side] < STOP_AFTER_FAILS);
  if (active.length === 0) break;
  // the next N costs at least what the last one did (more calls take longer to open)
  if (Date.now() - started + lastRoundMs * 1.25 > budgetMs) {
    stoppedBy = `stopped before N = ${n}: the time budget (${budgetMs / 60_000} min) would be exceeded`;
    break;
  }
  const roundStart = Date.now();
  const order = round % 2 === 0 ? active : [...active].reverse();
  for (const side of order) {
    const measured = side === 'reference'
      ? await measurePlain({ ...common, calls: n })
      : await measureHarness({ ...common, calls: n, pageUrl: pageServer.url, sampleIntervalMs: 1000, pages: 'shared' });
    results.push(measured);
    fails[side] = measured.quality.ok ? 0 : fails[side] + 1;
    console.log(formatRow(measured));
    await sleep(SETTLE_MS);
  }
  lastRoundMs = Date.now() - roundStart;
}

console.log('');
if (stoppedBy) console.log(stoppedBy);
console.log(formatCapacity(results));
const reference = capacityOf(results, 'reference');
const harness = capacityOf(results, 'harness');
if (reference > 0 && harness / reference < TARGET_RATIO && Date.now() - started > DIAGNOSIS_LATEST_MS) {
  console.log(`\nno time left for the diagnosis; run it alone: node bin/run-ts.js bench/soak-capacity.ts --diagnose ${Math.max(2, harness)}`);
} else if (reference > 0 && harness / reference < TARGET_RATIO) {
  const n = Math.max(2, harness);
  console.log(`\nwhy: the harness's pieces one at a time, at N = ${n} (the harness's capacity)`);
  console.log(TABLE_HEADER);
  const rows = await diagnose({ ...common, calls: n }, pageServer.url, (m) => console.log(formatRow(m)));
  console.log(`\n${attribute(rows)}`);
}
await pageServer.close();
console.log(`total ${((Date.now() - started) / 60_000).toFixed(1)} min`);
