/**
 * What a user sees for bad impairment input: exact messages naming the field and its allowed
 * range, every error at once; and the named profiles resolving to valid impairments.
 */
import { test, expect } from '@playwright/test';
import { resolveNetwork, validateImpairment, validateNetwork } from '../../../harness/relay/impairmentSchema.ts';
import { PROFILE_NAMES, PROFILES } from '../../../harness/relay/profiles.ts';

test('an out-of-range field names itself, its range and the value', () => {
  expect(validateImpairment({ loss: 5 }, 'network.consumer.up')).toEqual(['network.consumer.up.loss must be 0..1, got 5']);
});

test('every error is collected: unknown fields first, then each field in schema order', () => {
  expect(
    validateImpairment(
      { loss: -0.1, delayMs: 'slow', jitterDistribution: 'gaussian', queuePackets: 2.5, allowReorder: 'yes', lag: 1 },
      'network.business.down',
    ),
  ).toEqual([
    'network.business.down.lag is not a known field (known: loss, delayMs, jitterMs, jitterDistribution, allowReorder, rateKbps, packetOverheadBytes, queuePackets, queueBytes, duplicate, reorder, blackouts, schedule, impairControl)',
    'network.business.down.loss must be 0..1, got -0.1',
    "network.business.down.delayMs must be a number 0..60000, got 'slow'",
    "network.business.down.jitterDistribution must be one of 'normal', 'uniform', 'pareto', got 'gaussian'",
    "network.business.down.allowReorder must be true or false, got 'yes'",
    'network.business.down.queuePackets must be an integer 1..1000000, got 2.5',
  ]);
});

test('loss models: unknown model, missing and out-of-range fields', () => {
  expect(validateImpairment({ loss: { model: 'markov' } }, 'n')).toEqual(["n.loss.model must be one of 'random', 'gilbertElliott', 'burst', got 'markov'"]);
  expect(validateImpairment({ loss: { model: 'gilbertElliott', p: 0.1, h: 2 } }, 'n')).toEqual([
    'n.loss.r is required (a number 0..1)',
    'n.loss.h must be 0..1, got 2',
  ]);
  expect(validateImpairment({ loss: { model: 'burst', lossRate: 1, meanBurstPackets: 0.5 } }, 'n')).toEqual([
    'n.loss.lossRate must be in [0, 1), got 1',
    'n.loss.meanBurstPackets must be 1..10000, got 0.5',
  ]);
  expect(validateImpairment({ loss: 'lots' }, 'n')).toEqual([
    "n.loss must be a number 0..1 or an object with model 'random' or an object with model 'gilbertElliott' or an object with model 'burst', got 'lots'",
  ]);
});

test('cross-field rules: burst length vs rate, reorder needs a delay, blackouts must not overlap', () => {
  expect(validateImpairment({ loss: { model: 'burst', lossRate: 0.8, meanBurstPackets: 2 } }, 'n')).toEqual([
    'n.loss.meanBurstPackets must be ≥ 4 for lossRate 0.8 (bursts must cover lossRate/(1−lossRate)), got 2',
  ]);
  expect(validateImpairment({ reorder: 0.1 }, 'n')).toEqual(['n.reorder needs delayMs > 0 (a reordered packet is one that skips the delay), got reorder 0.1 with delayMs 0']);
  expect(validateImpairment({ reorder: 0.1, delayMs: 20, schedule: [{ atMs: 5000, delayMs: 0 }] }, 'n')).toEqual([
    'n.schedule[0].reorder needs delayMs > 0 (a reordered packet is one that skips the delay), got reorder 0.1 with delayMs 0',
  ]);
  expect(
    validateImpairment({ blackouts: [{ atMs: 5000, durationMs: 1000 }, { atMs: 1000, durationMs: 4500, mode: 'hold' }] }, 'n'),
  ).toEqual(['n.blackouts[0] overlaps blackouts[1] (which ends at 5500 ms): atMs must be ≥ 5500, got 5000']);
  expect(validateImpairment({ blackouts: [{ atMs: 0, durationMs: 0, mode: 'pause' }], schedule: [{ loss: 0.1 }] }, 'n')).toEqual([
    'n.blackouts[0].durationMs must be in (0, 86400000], got 0',
    "n.blackouts[0].mode must be one of 'drop', 'hold', got 'pause'",
    'n.schedule[0].atMs is required (a number 0..86400000)',
  ]);
});

test('network specs: an unknown profile lists the known ones; overrides are checked too', () => {
  expect(validateNetwork('5g', 'network.consumer')).toEqual([`network.consumer '5g' is not a known profile (known: ${PROFILE_NAMES.join(', ')})`]);
  expect(validateNetwork({ profile: 'wifi', up: { rateKbps: -1 } }, 'network.business')).toEqual(['network.business.up.rateKbps must be 0..10000000, got -1']);
  expect(validateNetwork({ profile: 'wifi', sideways: {} }, 'n')).toEqual(['n.sideways is not a known field (known: profile, up, down)']);
});

test('resolveNetwork: a profile, and a profile with per-direction overrides', () => {
  expect(resolveNetwork('poor-4g')).toEqual({ up: { rateKbps: 4000, delayMs: 350, loss: 0.05 }, down: { rateKbps: 4000, delayMs: 350, loss: 0.05 } });
  expect(resolveNetwork({ profile: 'satellite', up: { loss: 0.01 } })).toEqual({
    up: { loss: 0.01, delayMs: 600, rateKbps: 256 },
    down: { loss: 0, delayMs: 600, rateKbps: 1000 },
  });
  expect(resolveNetwork(undefined)).toEqual({ up: {}, down: {} });
  expect(() => resolveNetwork('nope')).toThrow(/unknown network profile 'nope'/);
});

test('every profile is a valid impairment with a cited source', () => {
  for (const name of ['clean', 'wifi', 'dsl', '3g', '4g', 'poor-4g', 'very-bad-network', 'satellite', 'high-jitter', 'call-drop', 'loss-5', 'loss-10', 'loss-20', 'loss-50']) {
    expect(PROFILE_NAMES).toContain(name);
  }
  for (const [name, profile] of Object.entries(PROFILES)) {
    expect(validateImpairment(profile.up, `${name}.up`)).toEqual([]);
    expect(validateImpairment(profile.down, `${name}.down`)).toEqual([]);
    expect(profile.source.length, name).toBeGreaterThan(10);
  }
  expect(PROFILES['call-drop']!.up).toEqual({ rateKbps: 50, delayMs: 500, loss: 0.2 });
  expect(PROFILES['high-jitter']!.down).toEqual({ loss: 0, delayMs: 200, jitterMs: 100, jitterDistribution: 'uniform' });
});
