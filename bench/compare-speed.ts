/**
 * Cost of `callsoak compare`'s statistics, side by side with a reference: the exact
 * Mann–Whitney test (counting every split of the ranks) against simple-statistics'
 * Monte Carlo permutationTest with 10 000 seeded shuffles — the resampling route the
 * exact count replaces. Then a whole nightly-sized comparison (22 scenarios × 15 metrics).
 * Prints time per test and the ratio to the reference; seeded, so every run draws the same data.
 *
 *   node bin/run-ts.js bench/compare-speed.ts [--reps 200]
 */
import { permutationTest } from 'simple-statistics';
import { compareRuns } from '../harness/compare/compareRuns.ts';
import { mannWhitney } from '../harness/compare/mannWhitney.ts';
import { mulberry32 } from '../harness/random/mulberry32.ts';
import { normal, seeded, syntheticRun } from '../tests/unit/compare/support/syntheticRuns.ts';

const argv = process.argv.slice(2);
const reps = Number(argv[argv.indexOf('--reps') + 1] ?? 200) || 200;

function timeMs(fn: () => void, times: number): number {
  fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < times; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / times;
}

console.log('calls per side | exact Mann–Whitney ms/test | permutationTest(10 000) ms/test | ratio exact/reference');
for (const n of [5, 10, 25, 40]) {
  const rand = seeded(n);
  const b = Array.from({ length: n }, () => Math.round(normal(rand, 18, 3) * 10) / 10);
  const c = Array.from({ length: n }, () => Math.round(normal(rand, 20, 3) * 10) / 10);
  const ours = timeMs(() => mannWhitney(b, c), n >= 25 ? Math.max(5, reps / 10) : reps);
  const shuffle = mulberry32(1);
  const reference = timeMs(() => permutationTest(b, c, 'two_side', 10_000, shuffle), Math.max(3, reps / 40));
  const method = mannWhitney(b, c).method;
  console.log(`${String(n).padStart(14)} | ${ours.toFixed(3).padStart(26)} | ${reference.toFixed(3).padStart(31)} | ${(ours / reference).toFixed(3)} (${method})`);
}

const rand = seeded(7);
const scenarios = Array.from({ length: 22 }, (_, i) => `scenario-${i}`);
for (const calls of [10, 25]) {
  const baseline = syntheticRun(rand, { scenarios, calls });
  const current = syntheticRun(rand, { scenarios, calls, extraJitterMs: 5 });
  const ms = timeMs(() => compareRuns(baseline, current), 3);
  const c = compareRuns(baseline, current);
  console.log(`nightly comparison: 22 scenarios × ${calls} calls per side, ${c.rows.filter((r) => r.pValue !== null).length} tests: ${ms.toFixed(0)} ms`);
}
