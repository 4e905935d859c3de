/**
 * A call handed to a colleague: each call's directory holds a repro bundle, and
 * `callsoak repro` runs that call again with the same dropped-packet positions.
 */
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli.ts';
import type { RunResults, CallResult } from '../../harness/results/resultsTypes.ts';
import type { LegGroundTruth } from '../../harness/relay/core/groundTruthTypes.ts';
import type { ReproBundle } from '../../harness/plan/reproBundle.ts';

const uplinkDrops = (results: RunResults<CallResult>, index: number) =>
  (results.calls[index]!.legs as LegGroundTruth[]).find((l) => l.kind === 'rtp' && l.role === 'consumer' && l.direction === 'up')!.droppedPositions;

test('callsoak repro on the second repetition of packet-loss-10 drops the same packets again', async () => {
  test.setTimeout(240_000);
  const original = mkdtempSync(join(tmpdir(), 'callsoak-orig-'));
  const first = await runCli(['run', '--scenario', 'packet-loss-10', '--seed', '11', '--talk-seconds', '5', '--repeat', '2', '--out', original]);
  expect([0, 1], first.stderr).toContain(first.code); // a 5 s call may miss the scenario's loss band; the positions are the point
  const results = JSON.parse(readFileSync(join(original, 'results.json'), 'utf8')) as RunResults<CallResult>;
  expect(results.calls).toHaveLength(2);
  const second = results.calls.findIndex((c) => c.dir?.endsWith('-r1'));
  expect(second).toBeGreaterThanOrEqual(0);
  const bundle = JSON.parse(readFileSync(join(original, results.calls[second]!.dir!, 'repro.json'), 'utf8')) as ReproBundle;
  expect(bundle).toMatchObject({ bundleVersion: 1, seed: 11, repetition: 1, talkSeconds: 5, transform: { name: 'spec', sha256: null } });
  expect(bundle.scenario.id).toBe('packet-loss-10');
  expect(bundle.mediaSha256).toMatch(/^[0-9a-f]{64}$/);
  // the two repetitions drop different packets…
  const firstRepetition = 1 - second; // calls are listed in the order they finished
  expect(uplinkDrops(results, firstRepetition).slice(0, 10)).not.toEqual(uplinkDrops(results, second).slice(0, 10));

  const again = mkdtempSync(join(tmpdir(), 'callsoak-repro-'));
  const repro = await runCli(['repro', join(original, results.calls[second]!.dir!), '--out', again]);
  expect([0, 1], repro.stderr).toContain(repro.code);
  expect(repro.stderr).toMatch(/^repro: packet-loss-10, seed 11, repetition 1 /m);
  const rerun = JSON.parse(readFileSync(join(again, 'results.json'), 'utf8')) as RunResults<CallResult>;
  // …and the repro drops the second repetition's packets, position for position
  const expected = uplinkDrops(results, second);
  const got = uplinkDrops(rerun, 0);
  const common = Math.min(expected.at(-1)!, got.at(-1)!) - 5;
  expect(got.filter((p) => p < common)).toEqual(expected.filter((p) => p < common));
});

test('repro of something that is not a bundle is a usage error', async () => {
  const { code, stderr } = await runCli(['repro', join(tmpdir(), 'nothing-here-callsoak.json')]);
  expect(code).toBe(2);
  expect(stderr).toMatch(/^callsoak: repro: cannot read .*nothing-here-callsoak\.json: no such file$/m);
});
