/**
 * Scale-out: the smoke suite run once whole and once as two shards (`run --shard I/2`, same
 * seed), the shards joined with `callsoak merge`. The merged run must be the unsharded run
 * on everything that does not depend on timing. Merging what is not the shards of one run
 * is a usage error that names the file and field.
 */
import { test, expect } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';
import type { LegGroundTruth } from '../../harness/relay/core/groundTruthTypes.ts';

const SEED = '7';
/** every smoke call short: 4 calls in well under a minute on 2 cores */
const RUN = ['run', '--suite', 'smoke', '--talk-seconds', '3'];

const readResults = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults<CallResult>;

/** What must not depend on timing or on which machine ran a call. */
function timeless(results: RunResults<CallResult>) {
  return {
    status: results.run.status,
    seed: results.run.seed,
    summary: results.summary,
    calls: results.calls.map((c) => ({
      scenario: c.scenario,
      repetition: c.repetition,
      dir: c.dir,
      status: c.status,
      endCallReason: c.endCallReason,
      endCallSubreason: c.endCallSubreason,
      checks: c.checks.map((k) => [k.id, k.ok]),
    })),
  };
}

/** testcase names and failure counts of a junit.xml */
function junit(dir: string): { names: string[]; failures: string[] } {
  const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
  return {
    names: [...xml.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]!),
    failures: [...xml.matchAll(/<testsuites? [^>]*failures="(\d+)"/g)].map((m) => m[1]!),
  };
}

/** The relay's dropped positions on the lossy call's uplink, up to the packets both runs offered (their lengths differ by timing). */
function lossyUplinks(a: RunResults<CallResult>, b: RunResults<CallResult>): [number[], number[]] {
  const leg = (r: RunResults<CallResult>) =>
    (r.calls.find((c) => c.scenario === 'packet-loss-10')!.legs as LegGroundTruth[]).find((l) => l.kind === 'rtp' && l.role === 'consumer' && l.direction === 'up')!;
  const [x, y] = [leg(a), leg(b)];
  const common = Math.min(x.offered, y.offered);
  return [x.droppedPositions.filter((p) => p < common), y.droppedPositions.filter((p) => p < common)];
}

test('two shards merged with callsoak merge give the report of one unsharded run', async () => {
  test.setTimeout(240_000);
  const cwd = mkdtempSync(join(tmpdir(), 'callsoak-merge-'));
  const history = join(cwd, 'history');
  const run = (args: string[]) => runCli([...args, '--history', history], { cwd });

  const whole = await run([...RUN, '--workers', '2', '--seed', SEED, '--out', 'whole']);
  expect(whole.code, whole.stderr).toBe(0);
  // Three "machines" at once, one call at a time each (the product's 3 concurrent calls), each in
  // its own working directory as on real machines; the third runs shard 2/2 with another seed.
  const machine = (name: string, seed: string, shard: string, out: string) => {
    mkdirSync(join(cwd, name));
    return runCli([...RUN, '--workers', '1', '--seed', seed, '--shard', shard, '--out', join('..', out), '--history', history], { cwd: join(cwd, name) });
  };
  const [first, second, other] = await Promise.all([machine('m1', SEED, '1/2', 'shard-1'), machine('m2', SEED, '2/2', 'shard-2'), machine('m3', '8', '2/2', 'other-seed')]);
  for (const [i, part] of [first, second].entries()) {
    expect(part.code, part.stderr).toBe(0);
    expect(part.stderr).toContain(`shard ${i + 1}/2`);
    expect(readResults(join(cwd, `shard-${i + 1}`)).run.shard).toEqual({ index: i + 1, total: 2 });
  }
  expect(other.code, other.stderr).toBe(0);
  const shardCalls = [1, 2].map((i) => readResults(join(cwd, `shard-${i}`)).calls.length);
  expect(shardCalls).toEqual([2, 2]); // Playwright split the 4 calls

  const merged = await run(['merge', 'shard-2', 'shard-1', '--out', 'merged']);
  expect(merged.code, merged.stderr).toBe(0);
  expect(merged.stderr).toMatch(/^callsoak merge: shards 1\/2, 2\/2 of seed 7 → run \S+ in merged$/m);
  const [a, b] = [readResults(join(cwd, 'whole')), readResults(join(cwd, 'merged'))];
  expect(timeless(b)).toEqual(timeless(a));
  expect(b.calls.map((c) => c.scenario)).toEqual(['hangup-call', 'ignore-call', 'microphone-permission-denied', 'packet-loss-10']);
  expect(b.run.merged?.missingShards).toEqual([]);
  const [dropsWhole, dropsMerged] = lossyUplinks(a, b);
  expect(dropsWhole.length).toBeGreaterThan(5);
  expect(dropsMerged).toEqual(dropsWhole);
  expect(junit(join(cwd, 'merged'))).toEqual(junit(join(cwd, 'whole')));
  for (const file of ['index.html', 'summary.md', 'plan.json', ...b.calls.map((c) => join(c.dir!, 'repro.json'))]) expect(existsSync(join(cwd, 'merged', file)), file).toBe(true);
  expect(resolve(cwd, 'reports', readlinkSync(join(cwd, 'reports', 'latest')))).toBe(join(cwd, 'merged'));

  // the history holds the whole run and the merged run, not the shards
  const listed = await runCli(['history', 'list', '--history', history], { cwd });
  expect(listed.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual([a.run.id, b.run.id]);

  // shards of another seed: exit 2, naming the file and the field
  const mixed = await run(['merge', 'shard-1', 'other-seed']);
  expect(mixed.code).toBe(2);
  expect(mixed.stderr).toBe('callsoak merge: the run directories are not the shards of one run:\n  other-seed/results.json: run.seed is 8, shard-1/results.json has 7\n');

  // a directory that is not a run directory: exit 2
  const notRun = await run(['merge', 'shard-1', 'history']);
  expect(notRun.code).toBe(2);
  expect(notRun.stderr).toBe('callsoak merge: history has no results.json: it is not a run directory, or its run ended before writing results\n');
});

test('--shard outside 1 <= I <= N <= 64 is a usage error, with the other option errors', async () => {
  const { code, stderr } = await runCli(['run', '--shard', '3/2', '--repeat', '0']);
  expect(code).toBe(2);
  expect(stderr).toBe(
    "callsoak run: --repeat must be an integer 1..1000, got 0\n--shard must be I/N with 1 <= I <= N <= 64 (run part I of N; merge the parts with callsoak merge), got '3/2'\n",
  );
});
