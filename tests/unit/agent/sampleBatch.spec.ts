/**
 * SampleBatch: how an agent groups its stats samples before handing them to the harness.
 */
import { test, expect } from '@playwright/test';
import { SampleBatch } from '../../../harness/agent/sampleBatch.ts';
import type { AudioSample } from '../../../harness/stats/audioSample.ts';

const sample = (t: number) => ({ t }) as AudioSample;
const ts = (batch: AudioSample[] | null) => batch?.map((s) => s.t) ?? null;

test('span 0 hands every sample over on its own', () => {
  const batch = new SampleBatch(0);
  expect(ts(batch.add(sample(1), 1000))).toEqual([1]);
  expect(ts(batch.add(sample(2), 2000))).toEqual([2]);
  expect(batch.take()).toBeNull();
});

test('a batch closes once it spans the span, oldest first, and the next one starts empty', () => {
  const batch = new SampleBatch(5000);
  const handed: (number[] | null)[] = [];
  for (let s = 0; s <= 11; s++) handed.push(ts(batch.add(sample(s), 10_000 + s * 1000)));
  // samples at 0..5 s span 5 s: handed over with the sixth; 6..11 likewise
  expect(handed.filter((b) => b !== null)).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]]);
  expect(batch.take()).toBeNull();
});

test('take() hands over what is pending (before another event), and a slow sampler still closes batches by time', () => {
  const batch = new SampleBatch(5000);
  expect(batch.add(sample(1), 0)).toBeNull();
  expect(batch.add(sample(2), 1000)).toBeNull();
  expect(ts(batch.take())).toEqual([1, 2]);
  expect(batch.take()).toBeNull();
  // the next batch opens with its first sample; one taken 7 s later closes it
  expect(batch.add(sample(3), 8000)).toBeNull();
  expect(ts(batch.add(sample(4), 15_000))).toEqual([3, 4]);
});
